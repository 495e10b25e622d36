import type { Check } from './contract.js';
import { ATTESTATION_CHECKS } from './attestations.js';
import { monitoringLatency } from './monitoring-latency.js';
import { securityHttps } from './security-https.js';
import { securityCertificate } from './security-certificate.js';
import { securityTlsVersion } from './security-tls-version.js';
import { securityTransportHeaders } from './security-transport-headers.js';
import { securityAuth } from './security-auth.js';
import { cachingHttp } from './caching-http.js';
import { errorHandlingRetrySignals } from './error-handling-retry-signals.js';
import { errorHandlingTimeouts } from './error-handling-timeouts.js';
import { rateLimitsAdvertised } from './rate-limits-advertised.js';
import { rateLimitsEnforced } from './rate-limits-enforced.js';
import { scalabilitySpike } from './scalability-spike.js';
import { architectureTopology } from './architecture-topology.js';
import { architectureUndocumentedFlows } from './architecture-undocumented-flows.js';
import { monitoringCoverage } from './monitoring-coverage.js';
import { monitoringSilentFlows } from './monitoring-silent-flows.js';
import { documentationSpec } from './documentation-spec.js';
import { documentationLint } from './documentation-lint.js';
import { documentationConformance } from './documentation-conformance.js';
import { versioningScheme } from './versioning-scheme.js';
import { versioningDeprecation } from './versioning-deprecation.js';
import { versioningBreakingChanges } from './versioning-breaking-changes.js';
import { messagingTransport } from './messaging-transport.js';
import { messagingDefaultCredentials } from './messaging-default-credentials.js';
import { messagingConsumers } from './messaging-consumers.js';
import { messagingBacklog } from './messaging-backlog.js';
import { messagingDeadLettering } from './messaging-dead-lettering.js';
import { messagingDurability } from './messaging-durability.js';
import { documentationAsyncapi } from './documentation-asyncapi.js';
import { documentationShadowEndpoints } from './documentation-shadow-endpoints.js';
import { documentationUnusedOperations } from './documentation-unused-operations.js';

/** Judged on the spec and on live calls of its safe operations: gathered before any load, so no quota is spent yet. */
const SPEC_CHECKS = [
  documentationSpec,
  documentationLint,
  documentationConformance,
  versioningScheme,
  versioningDeprecation,
  versioningBreakingChanges,
];

/** The spec joined with the endpoint-level traffic of the flows artifact: what is called against what is documented. */
const OPERATION_CHECKS = [documentationShadowEndpoints, documentationUnusedOperations];

/** Judged on the flows artifact: logs, traces and monitors read from the workspace store. */
const FLOW_CHECKS = [architectureTopology, architectureUndocumentedFlows, monitoringSilentFlows, monitoringCoverage];

/** The order of the report; the order their artifacts are gathered in (load last, spike before burst) is GATHERERS'. */
const RESILIENCE_CHECKS = [
  cachingHttp,
  errorHandlingTimeouts,
  rateLimitsAdvertised,
  errorHandlingRetrySignals,
  rateLimitsEnforced,
  scalabilitySpike,
];

const SECURITY_CHECKS = [securityTlsVersion, securityCertificate, securityTransportHeaders, securityAuth];

/** Judged on a broker's management API and AMQP ports (broker systems only; HTTP systems skip them). */
const BROKER_CHECKS = [
  messagingTransport,
  messagingDefaultCredentials,
  messagingConsumers,
  messagingBacklog,
  messagingDeadLettering,
  messagingDurability,
  documentationAsyncapi,
];

/** Every readiness check, in report order. */
export const CHECKS: readonly Check[] = [
  securityHttps,
  ...SECURITY_CHECKS,
  monitoringLatency,
  ...ATTESTATION_CHECKS,
  ...SPEC_CHECKS,
  ...OPERATION_CHECKS,
  ...RESILIENCE_CHECKS,
  ...BROKER_CHECKS,
  ...FLOW_CHECKS,
];

export function findCheck(id: string): Check | undefined {
  return CHECKS.find((check) => check.id === id);
}
