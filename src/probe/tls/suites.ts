/**
 * The cipher suites Junction can offer: every suite Node's OpenSSL 3 negotiates at security level 0
 * (`openssl ciphers -V 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'`, PSK and SRP left out: they need a pre-shared secret),
 * plus the two TLS 1.3 CCM suites OpenSSL leaves out of its default list. RC4, 3DES and export suites are not
 * compiled into Node's OpenSSL, so Junction cannot see them; sslscan and testssl can.
 */
import type { TlsVersion } from '../../model/artifacts/tls.js';

export interface SuiteInfo {
  /** IANA code point, e.g. '0xC02F' */
  code: string;
  /** OpenSSL name, as sslscan prints it */
  name: string;
  /** lowest protocol version the suite exists in */
  since: 'SSLv3' | 'TLSv1' | 'TLSv1.2' | 'TLSv1.3';
  keyExchange: string;
  authentication: string;
  encryption: string;
  mac: string;
}

// [code, OpenSSL name, since, key exchange, authentication, encryption, MAC]
type Row = [string, string, SuiteInfo['since'], string, string, string, string];
const ROWS: Row[] = [
  ['0x1302', 'TLS_AES_256_GCM_SHA384', 'TLSv1.3', 'any', 'any', 'AESGCM(256)', 'AEAD'],
  ['0x1303', 'TLS_CHACHA20_POLY1305_SHA256', 'TLSv1.3', 'any', 'any', 'CHACHA20/POLY1305(256)', 'AEAD'],
  ['0x1301', 'TLS_AES_128_GCM_SHA256', 'TLSv1.3', 'any', 'any', 'AESGCM(128)', 'AEAD'],
  ['0xC02C', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'TLSv1.2', 'ECDH', 'ECDSA', 'AESGCM(256)', 'AEAD'],
  ['0xC030', 'ECDHE-RSA-AES256-GCM-SHA384', 'TLSv1.2', 'ECDH', 'RSA', 'AESGCM(256)', 'AEAD'],
  ['0x00A3', 'DHE-DSS-AES256-GCM-SHA384', 'TLSv1.2', 'DH', 'DSS', 'AESGCM(256)', 'AEAD'],
  ['0x009F', 'DHE-RSA-AES256-GCM-SHA384', 'TLSv1.2', 'DH', 'RSA', 'AESGCM(256)', 'AEAD'],
  ['0xCCA9', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'TLSv1.2', 'ECDH', 'ECDSA', 'CHACHA20/POLY1305(256)', 'AEAD'],
  ['0xCCA8', 'ECDHE-RSA-CHACHA20-POLY1305', 'TLSv1.2', 'ECDH', 'RSA', 'CHACHA20/POLY1305(256)', 'AEAD'],
  ['0xCCAA', 'DHE-RSA-CHACHA20-POLY1305', 'TLSv1.2', 'DH', 'RSA', 'CHACHA20/POLY1305(256)', 'AEAD'],
  ['0xC0AF', 'ECDHE-ECDSA-AES256-CCM8', 'TLSv1.2', 'ECDH', 'ECDSA', 'AESCCM8(256)', 'AEAD'],
  ['0xC0AD', 'ECDHE-ECDSA-AES256-CCM', 'TLSv1.2', 'ECDH', 'ECDSA', 'AESCCM(256)', 'AEAD'],
  ['0xC0A3', 'DHE-RSA-AES256-CCM8', 'TLSv1.2', 'DH', 'RSA', 'AESCCM8(256)', 'AEAD'],
  ['0xC09F', 'DHE-RSA-AES256-CCM', 'TLSv1.2', 'DH', 'RSA', 'AESCCM(256)', 'AEAD'],
  ['0xC05D', 'ECDHE-ECDSA-ARIA256-GCM-SHA384', 'TLSv1.2', 'ECDH', 'ECDSA', 'ARIAGCM(256)', 'AEAD'],
  ['0xC061', 'ECDHE-ARIA256-GCM-SHA384', 'TLSv1.2', 'ECDH', 'RSA', 'ARIAGCM(256)', 'AEAD'],
  ['0xC057', 'DHE-DSS-ARIA256-GCM-SHA384', 'TLSv1.2', 'DH', 'DSS', 'ARIAGCM(256)', 'AEAD'],
  ['0xC053', 'DHE-RSA-ARIA256-GCM-SHA384', 'TLSv1.2', 'DH', 'RSA', 'ARIAGCM(256)', 'AEAD'],
  ['0x00A7', 'ADH-AES256-GCM-SHA384', 'TLSv1.2', 'DH', 'None', 'AESGCM(256)', 'AEAD'],
  ['0xC02B', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'TLSv1.2', 'ECDH', 'ECDSA', 'AESGCM(128)', 'AEAD'],
  ['0xC02F', 'ECDHE-RSA-AES128-GCM-SHA256', 'TLSv1.2', 'ECDH', 'RSA', 'AESGCM(128)', 'AEAD'],
  ['0x00A2', 'DHE-DSS-AES128-GCM-SHA256', 'TLSv1.2', 'DH', 'DSS', 'AESGCM(128)', 'AEAD'],
  ['0x009E', 'DHE-RSA-AES128-GCM-SHA256', 'TLSv1.2', 'DH', 'RSA', 'AESGCM(128)', 'AEAD'],
  ['0xC0AE', 'ECDHE-ECDSA-AES128-CCM8', 'TLSv1.2', 'ECDH', 'ECDSA', 'AESCCM8(128)', 'AEAD'],
  ['0xC0AC', 'ECDHE-ECDSA-AES128-CCM', 'TLSv1.2', 'ECDH', 'ECDSA', 'AESCCM(128)', 'AEAD'],
  ['0xC0A2', 'DHE-RSA-AES128-CCM8', 'TLSv1.2', 'DH', 'RSA', 'AESCCM8(128)', 'AEAD'],
  ['0xC09E', 'DHE-RSA-AES128-CCM', 'TLSv1.2', 'DH', 'RSA', 'AESCCM(128)', 'AEAD'],
  ['0xC05C', 'ECDHE-ECDSA-ARIA128-GCM-SHA256', 'TLSv1.2', 'ECDH', 'ECDSA', 'ARIAGCM(128)', 'AEAD'],
  ['0xC060', 'ECDHE-ARIA128-GCM-SHA256', 'TLSv1.2', 'ECDH', 'RSA', 'ARIAGCM(128)', 'AEAD'],
  ['0xC056', 'DHE-DSS-ARIA128-GCM-SHA256', 'TLSv1.2', 'DH', 'DSS', 'ARIAGCM(128)', 'AEAD'],
  ['0xC052', 'DHE-RSA-ARIA128-GCM-SHA256', 'TLSv1.2', 'DH', 'RSA', 'ARIAGCM(128)', 'AEAD'],
  ['0x00A6', 'ADH-AES128-GCM-SHA256', 'TLSv1.2', 'DH', 'None', 'AESGCM(128)', 'AEAD'],
  ['0xC024', 'ECDHE-ECDSA-AES256-SHA384', 'TLSv1.2', 'ECDH', 'ECDSA', 'AES(256)', 'SHA384'],
  ['0xC028', 'ECDHE-RSA-AES256-SHA384', 'TLSv1.2', 'ECDH', 'RSA', 'AES(256)', 'SHA384'],
  ['0x006B', 'DHE-RSA-AES256-SHA256', 'TLSv1.2', 'DH', 'RSA', 'AES(256)', 'SHA256'],
  ['0x006A', 'DHE-DSS-AES256-SHA256', 'TLSv1.2', 'DH', 'DSS', 'AES(256)', 'SHA256'],
  ['0xC073', 'ECDHE-ECDSA-CAMELLIA256-SHA384', 'TLSv1.2', 'ECDH', 'ECDSA', 'Camellia(256)', 'SHA384'],
  ['0xC077', 'ECDHE-RSA-CAMELLIA256-SHA384', 'TLSv1.2', 'ECDH', 'RSA', 'Camellia(256)', 'SHA384'],
  ['0x00C4', 'DHE-RSA-CAMELLIA256-SHA256', 'TLSv1.2', 'DH', 'RSA', 'Camellia(256)', 'SHA256'],
  ['0x00C3', 'DHE-DSS-CAMELLIA256-SHA256', 'TLSv1.2', 'DH', 'DSS', 'Camellia(256)', 'SHA256'],
  ['0x006D', 'ADH-AES256-SHA256', 'TLSv1.2', 'DH', 'None', 'AES(256)', 'SHA256'],
  ['0x00C5', 'ADH-CAMELLIA256-SHA256', 'TLSv1.2', 'DH', 'None', 'Camellia(256)', 'SHA256'],
  ['0xC023', 'ECDHE-ECDSA-AES128-SHA256', 'TLSv1.2', 'ECDH', 'ECDSA', 'AES(128)', 'SHA256'],
  ['0xC027', 'ECDHE-RSA-AES128-SHA256', 'TLSv1.2', 'ECDH', 'RSA', 'AES(128)', 'SHA256'],
  ['0x0067', 'DHE-RSA-AES128-SHA256', 'TLSv1.2', 'DH', 'RSA', 'AES(128)', 'SHA256'],
  ['0x0040', 'DHE-DSS-AES128-SHA256', 'TLSv1.2', 'DH', 'DSS', 'AES(128)', 'SHA256'],
  ['0xC072', 'ECDHE-ECDSA-CAMELLIA128-SHA256', 'TLSv1.2', 'ECDH', 'ECDSA', 'Camellia(128)', 'SHA256'],
  ['0xC076', 'ECDHE-RSA-CAMELLIA128-SHA256', 'TLSv1.2', 'ECDH', 'RSA', 'Camellia(128)', 'SHA256'],
  ['0x00BE', 'DHE-RSA-CAMELLIA128-SHA256', 'TLSv1.2', 'DH', 'RSA', 'Camellia(128)', 'SHA256'],
  ['0x00BD', 'DHE-DSS-CAMELLIA128-SHA256', 'TLSv1.2', 'DH', 'DSS', 'Camellia(128)', 'SHA256'],
  ['0x006C', 'ADH-AES128-SHA256', 'TLSv1.2', 'DH', 'None', 'AES(128)', 'SHA256'],
  ['0x00BF', 'ADH-CAMELLIA128-SHA256', 'TLSv1.2', 'DH', 'None', 'Camellia(128)', 'SHA256'],
  ['0xC00A', 'ECDHE-ECDSA-AES256-SHA', 'TLSv1', 'ECDH', 'ECDSA', 'AES(256)', 'SHA1'],
  ['0xC014', 'ECDHE-RSA-AES256-SHA', 'TLSv1', 'ECDH', 'RSA', 'AES(256)', 'SHA1'],
  ['0x0039', 'DHE-RSA-AES256-SHA', 'SSLv3', 'DH', 'RSA', 'AES(256)', 'SHA1'],
  ['0x0038', 'DHE-DSS-AES256-SHA', 'SSLv3', 'DH', 'DSS', 'AES(256)', 'SHA1'],
  ['0x0088', 'DHE-RSA-CAMELLIA256-SHA', 'SSLv3', 'DH', 'RSA', 'Camellia(256)', 'SHA1'],
  ['0x0087', 'DHE-DSS-CAMELLIA256-SHA', 'SSLv3', 'DH', 'DSS', 'Camellia(256)', 'SHA1'],
  ['0xC019', 'AECDH-AES256-SHA', 'TLSv1', 'ECDH', 'None', 'AES(256)', 'SHA1'],
  ['0x003A', 'ADH-AES256-SHA', 'SSLv3', 'DH', 'None', 'AES(256)', 'SHA1'],
  ['0x0089', 'ADH-CAMELLIA256-SHA', 'SSLv3', 'DH', 'None', 'Camellia(256)', 'SHA1'],
  ['0xC009', 'ECDHE-ECDSA-AES128-SHA', 'TLSv1', 'ECDH', 'ECDSA', 'AES(128)', 'SHA1'],
  ['0xC013', 'ECDHE-RSA-AES128-SHA', 'TLSv1', 'ECDH', 'RSA', 'AES(128)', 'SHA1'],
  ['0x0033', 'DHE-RSA-AES128-SHA', 'SSLv3', 'DH', 'RSA', 'AES(128)', 'SHA1'],
  ['0x0032', 'DHE-DSS-AES128-SHA', 'SSLv3', 'DH', 'DSS', 'AES(128)', 'SHA1'],
  ['0x0045', 'DHE-RSA-CAMELLIA128-SHA', 'SSLv3', 'DH', 'RSA', 'Camellia(128)', 'SHA1'],
  ['0x0044', 'DHE-DSS-CAMELLIA128-SHA', 'SSLv3', 'DH', 'DSS', 'Camellia(128)', 'SHA1'],
  ['0xC018', 'AECDH-AES128-SHA', 'TLSv1', 'ECDH', 'None', 'AES(128)', 'SHA1'],
  ['0x0034', 'ADH-AES128-SHA', 'SSLv3', 'DH', 'None', 'AES(128)', 'SHA1'],
  ['0x0046', 'ADH-CAMELLIA128-SHA', 'SSLv3', 'DH', 'None', 'Camellia(128)', 'SHA1'],
  ['0x009D', 'AES256-GCM-SHA384', 'TLSv1.2', 'RSA', 'RSA', 'AESGCM(256)', 'AEAD'],
  ['0xC0A1', 'AES256-CCM8', 'TLSv1.2', 'RSA', 'RSA', 'AESCCM8(256)', 'AEAD'],
  ['0xC09D', 'AES256-CCM', 'TLSv1.2', 'RSA', 'RSA', 'AESCCM(256)', 'AEAD'],
  ['0xC051', 'ARIA256-GCM-SHA384', 'TLSv1.2', 'RSA', 'RSA', 'ARIAGCM(256)', 'AEAD'],
  ['0x009C', 'AES128-GCM-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'AESGCM(128)', 'AEAD'],
  ['0xC0A0', 'AES128-CCM8', 'TLSv1.2', 'RSA', 'RSA', 'AESCCM8(128)', 'AEAD'],
  ['0xC09C', 'AES128-CCM', 'TLSv1.2', 'RSA', 'RSA', 'AESCCM(128)', 'AEAD'],
  ['0xC050', 'ARIA128-GCM-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'ARIAGCM(128)', 'AEAD'],
  ['0x003D', 'AES256-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'AES(256)', 'SHA256'],
  ['0x00C0', 'CAMELLIA256-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'Camellia(256)', 'SHA256'],
  ['0x003C', 'AES128-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'AES(128)', 'SHA256'],
  ['0x00BA', 'CAMELLIA128-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'Camellia(128)', 'SHA256'],
  ['0x0035', 'AES256-SHA', 'SSLv3', 'RSA', 'RSA', 'AES(256)', 'SHA1'],
  ['0x0084', 'CAMELLIA256-SHA', 'SSLv3', 'RSA', 'RSA', 'Camellia(256)', 'SHA1'],
  ['0x002F', 'AES128-SHA', 'SSLv3', 'RSA', 'RSA', 'AES(128)', 'SHA1'],
  ['0x0041', 'CAMELLIA128-SHA', 'SSLv3', 'RSA', 'RSA', 'Camellia(128)', 'SHA1'],
  ['0xC006', 'ECDHE-ECDSA-NULL-SHA', 'TLSv1', 'ECDH', 'ECDSA', 'None', 'SHA1'],
  ['0xC010', 'ECDHE-RSA-NULL-SHA', 'TLSv1', 'ECDH', 'RSA', 'None', 'SHA1'],
  ['0xC015', 'AECDH-NULL-SHA', 'TLSv1', 'ECDH', 'None', 'None', 'SHA1'],
  ['0x003B', 'NULL-SHA256', 'TLSv1.2', 'RSA', 'RSA', 'None', 'SHA256'],
  ['0x0002', 'NULL-SHA', 'SSLv3', 'RSA', 'RSA', 'None', 'SHA1'],
  ['0x0001', 'NULL-MD5', 'SSLv3', 'RSA', 'RSA', 'None', 'MD5'],
  ['0x1304', 'TLS_AES_128_CCM_SHA256', 'TLSv1.3', 'any', 'any', 'AESCCM(128)', 'AEAD'],
  ['0x1305', 'TLS_AES_128_CCM_8_SHA256', 'TLSv1.3', 'any', 'any', 'AESCCM8(128)', 'AEAD'],
];

export const SUITES: readonly SuiteInfo[] = ROWS.map(
  ([code, name, since, keyExchange, authentication, encryption, mac]) => ({
    code,
    name,
    since,
    keyExchange,
    authentication,
    encryption,
    mac,
  }),
);

/** The suites that exist in one protocol version. */
export function suitesFor(version: TlsVersion): SuiteInfo[] {
  if (version === 'TLSv1.3') return SUITES.filter((suite) => suite.since === 'TLSv1.3');
  if (version === 'TLSv1.2') return SUITES.filter((suite) => suite.since !== 'TLSv1.3');
  return SUITES.filter((suite) => suite.since === 'SSLv3' || suite.since === 'TLSv1');
}

/** TLS 1.3 always uses an ephemeral (EC)DHE exchange; before it, only the DHE/ECDHE suites do (OpenSSL says DH/ECDH). */
export function isForwardSecret(suite: SuiteInfo): boolean {
  return suite.since === 'TLSv1.3' || suite.keyExchange === 'ECDH' || suite.keyExchange === 'DH';
}

export function isAead(suite: SuiteInfo): boolean {
  return suite.mac === 'AEAD';
}
