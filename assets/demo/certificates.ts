import { generate } from 'selfsigned';

export interface DemoCertificates {
  caCert: string;
  /** leaf for 127.0.0.1, ::1 and localhost, signed by the demo CA */
  cert: string;
  key: string;
  /** the legacy ERP's own leaf, signed by the same CA, whose renewal was forgotten: it expires in 20 days */
  erpCert: string;
  erpKey: string;
}

/** A private CA and a server certificate, made in-process at every start: no key is ever committed. */
export async function makeDemoCertificates(): Promise<DemoCertificates> {
  const now = new Date();
  const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000);
  const ca = await generate([{ name: 'commonName', value: 'Junction Demo CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: inDays(-1),
    notAfterDate: inDays(365),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const leafExtensions: NonNullable<Parameters<typeof generate>[1]>['extensions'] = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
  ];
  const leaf = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: inDays(-1),
    notAfterDate: inDays(90),
    ca: { key: ca.private, cert: ca.cert },
    extensions: leafExtensions,
  });
  const erpLeaf = await generate([{ name: 'commonName', value: 'erp.localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: inDays(-345),
    notAfterDate: inDays(20),
    ca: { key: ca.private, cert: ca.cert },
    extensions: leafExtensions,
  });
  return { caCert: ca.cert, cert: leaf.cert, key: leaf.private, erpCert: erpLeaf.cert, erpKey: erpLeaf.private };
}
