import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface IssuedCertificate {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
}

export interface LeafSpec {
  /** file name stem, unique per CA */
  name: string;
  /** 'ec' (P-256, fast) or an RSA size */
  key?: 'ec' | 1024 | 2048;
  /** subjectAltName value; default names 127.0.0.1, ::1 and localhost */
  san?: string;
  /** openssl ca dates, YYYYMMDDHHMMSSZ */
  startDate?: string;
  endDate?: string;
  digest?: 'sha256' | 'sha1';
  /** skip the CA: a self-signed leaf */
  selfSigned?: boolean;
}

const openssl = (cwd: string, args: string[]) =>
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/** openssl ca date (YYYYMMDDHHMMSSZ) `days` from now. */
export function opensslDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}

function newKey(dir: string, name: string, key: LeafSpec['key'] = 'ec'): string {
  const path = join(dir, `${name}.key`);
  if (key === 'ec') openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
  else openssl(dir, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${key}`, '-out', path]);
  return path;
}

/**
 * A private CA made with the openssl CLI at test time (`openssl ca`, which, unlike `x509 -req` in OpenSSL 3.0,
 * sets arbitrary validity dates), issuing leaves with any key, validity, name and digest a test needs.
 */
export class OpensslCa {
  readonly cert: string;
  readonly certPath: string;

  private constructor(readonly dir: string) {
    this.certPath = join(dir, 'ca.pem');
    this.cert = readFileSync(this.certPath, 'utf8');
  }

  static create(name = 'Junction Test CA'): OpensslCa {
    const dir = mkdtempSync(join(tmpdir(), 'junction-ca-'));
    mkdirSync(join(dir, 'issued'));
    writeFileSync(join(dir, 'index.txt'), '');
    writeFileSync(join(dir, 'serial'), '1000\n');
    writeFileSync(
      join(dir, 'ca.cnf'),
      [
        '[ca]',
        'default_ca = test_ca',
        '[test_ca]',
        `dir = ${dir}`,
        'database = $dir/index.txt',
        'new_certs_dir = $dir/issued',
        'serial = $dir/serial',
        'certificate = $dir/ca.pem',
        'private_key = $dir/ca.key',
        'default_md = sha256',
        'policy = any_policy',
        'unique_subject = no',
        'copy_extensions = none',
        'email_in_dn = no',
        '[any_policy]',
        'commonName = supplied',
        '[req]',
        'distinguished_name = dn',
        'prompt = no',
        '[dn]',
        'CN = placeholder',
      ].join('\n'),
    );
    const key = newKey(dir, 'ca', 2048);
    openssl(dir, [
      'req',
      '-x509',
      '-new',
      '-key',
      key,
      '-sha256',
      '-days',
      '3650',
      '-subj',
      `/CN=${name}`,
      '-out',
      'ca.pem',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    return new OpensslCa(dir);
  }

  issue(spec: LeafSpec): IssuedCertificate {
    const keyPath = newKey(this.dir, spec.name, spec.key);
    const certPath = join(this.dir, `${spec.name}.pem`);
    const san = spec.san ?? 'IP:127.0.0.1,IP:::1,DNS:localhost';
    const digest = spec.digest ?? 'sha256';
    if (spec.selfSigned) {
      openssl(this.dir, [
        'req',
        '-x509',
        '-new',
        '-key',
        keyPath,
        `-${digest}`,
        '-days',
        '30',
        '-subj',
        `/CN=${spec.name}`,
        '-addext',
        `subjectAltName=${san}`,
        '-out',
        certPath,
      ]);
    } else {
      const csr = join(this.dir, `${spec.name}.csr`);
      const ext = join(this.dir, `${spec.name}.ext`);
      writeFileSync(ext, `basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`);
      openssl(this.dir, ['req', '-new', '-key', keyPath, '-subj', `/CN=${spec.name}`, '-out', csr]);
      openssl(this.dir, [
        'ca',
        '-batch',
        '-config',
        'ca.cnf',
        '-notext',
        '-md',
        digest,
        '-in',
        csr,
        '-out',
        certPath,
        '-extfile',
        ext,
        '-startdate',
        spec.startDate ?? opensslDate(-1),
        '-enddate',
        spec.endDate ?? opensslDate(90),
      ]);
    }
    return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, keyPath };
  }

  /** A DER OCSP response ("good") for an issued leaf, signed by the CA, as a server would staple it. */
  ocspResponse(issued: IssuedCertificate): Buffer {
    const request = `${issued.certPath}.ocsp-req`;
    const response = `${issued.certPath}.ocsp-resp`;
    openssl(this.dir, ['ocsp', '-issuer', this.certPath, '-cert', issued.certPath, '-reqout', request, '-no_nonce']);
    openssl(this.dir, [
      'ocsp',
      '-index',
      'index.txt',
      '-rsigner',
      this.certPath,
      '-rkey',
      'ca.key',
      '-CA',
      this.certPath,
      '-reqin',
      request,
      '-respout',
      response,
      '-ndays',
      '1',
    ]);
    return readFileSync(response);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
