// Public surface of the TLS transport audit.
export { auditTls, type AuditOptions } from "./audit.js";
export { analyzeCertificateChain, analyzeCertificates, isWeakKey } from "./certificate.js";
export { CIPHER_SUITES, suiteByCode, type CipherSuite, type Strength } from "./cipher-suites.js";
export { certificateFindings, protocolFindings, tlsFindings, type FindingOptions } from "./findings.js";
export { gradeTls } from "./grade.js";
export { NAMED_GROUPS } from "./groups.js";
export { SSLV2_CIPHERS } from "./sslv2.js";
export type * from "./types.js";
export { PROTOCOL_NAMES, type ProtocolName } from "./versions.js";
export { tlsReportExtra, type TlsReportExtra } from "./report-extra.js";
