import { z } from 'zod';
import { credentialSchema } from '../model/credential.js';
import { requestPath, url } from '../model/estate.js';
import type { ApiContext } from './context.js';
import * as alerts from './ops/alerts.js';
import * as audit from './ops/audit.js';
import * as estate from './ops/estate.js';
import * as flows from './ops/flows.js';
import * as monitor from './ops/monitor.js';
import * as report from './ops/report.js';
import * as waivers from './ops/waivers.js';
import { REPORT_FORMAT_NAMES, type ReportFormat } from '../report/index.js';

export type { ApiEvent, MonitorSampleEvent, AlertEvent } from './events.js';

export interface ApiMethod<I extends z.ZodType, O> {
  input: I;
  handler(ctx: ApiContext, input: z.output<I>): Promise<O>;
}

function method<I extends z.ZodType, O>(
  input: I,
  handler: (ctx: ApiContext, input: z.output<I>) => Promise<O>,
): ApiMethod<I, O> {
  return { input, handler };
}

const none = z.object({}).strict();
const id = z.string().min(1).max(200);

/** A monitor and the range of its series, ending at `until` (now by default). */
const monitorRange = z
  .object({
    monitorId: id,
    rangeMs: z
      .number()
      .int()
      .positive()
      .max(90 * 24 * 3600_000),
    until: z.number().int().optional(),
  })
  .strict();

/** A flows window: the `windowMs` up to the latest imported call by default, or from/until (epoch ms). */
const flowWindow = {
  windowMs: z.number().int().positive().optional(),
  from: z.number().int().optional(),
  until: z.number().int().optional(),
};

/** Every operation the UI can call, declared once; hosts validate `input` before calling `handler`. */
export const API = {
  getEstate: method(none, estate.getEstate),
  getSystem: method(z.object({ id }).strict(), estate.getSystem),
  /** `system` is the raw junction.yaml object; it is validated against systemSchema and written back keeping comments. */
  saveSystem: method(
    z.object({ system: z.record(z.string(), z.unknown()), replaces: id.optional() }).strict(),
    estate.saveSystem,
  ),
  removeSystem: method(z.object({ id }).strict(), estate.removeSystem),
  listCredentials: method(none, estate.listCredentials),
  setCredential: method(
    z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/), credential: credentialSchema }).strict(),
    estate.setCredential,
  ),
  importSpec: method(
    z.union([
      z
        .object({ systemId: id, fileName: z.string().min(1).max(200), content: z.string().min(1).max(10_000_000) })
        .strict(),
      /** a URL, or a path on the system (appended to its base URL, like every path Junction requests) */
      z.object({ systemId: id, url: z.union([url(), requestPath]) }).strict(),
    ]),
    estate.importSpec,
  ),
  listWaivers: method(none, waivers.listWaivers),
  /** `waiver` is validated against junction.yaml's waiver schema; no index: a new waiver */
  saveWaiver: method(
    z.object({ index: z.number().int().min(0).optional(), waiver: z.record(z.string(), z.unknown()) }).strict(),
    waivers.saveWaiver,
  ),
  removeWaiver: method(z.object({ index: z.number().int().min(0) }).strict(), waivers.removeWaiver),
  saveAttestation: method(
    z
      .object({
        systemId: id,
        index: z.number().int().min(0).optional(),
        attestation: z.record(z.string(), z.unknown()),
      })
      .strict(),
    waivers.saveAttestation,
  ),
  removeAttestation: method(
    z.object({ systemId: id, index: z.number().int().min(0) }).strict(),
    waivers.removeAttestation,
  ),
  listChecks: method(none, audit.listChecks),
  runAudit: method(
    z.object({ checks: z.array(id).optional(), systems: z.array(id).optional() }).strict(),
    audit.startAudit,
  ),
  listRuns: method(z.object({ limit: z.number().int().positive().max(500).optional() }).strict(), audit.listRuns),
  getRun: method(z.object({ runId: id.optional() }).strict(), audit.getRun),
  getReport: method(
    z
      .object({ runId: id.optional(), format: z.enum(REPORT_FORMAT_NAMES as [ReportFormat, ...ReportFormat[]]) })
      .strict(),
    report.getReport,
  ),
  listMonitors: method(none, monitor.listMonitors),
  getMonitorSeries: method(monitorRange, monitor.getMonitorSeries),
  getQueueSeries: method(monitorRange, monitor.getQueueSeries),
  listAlerts: method(
    z.object({ monitorId: id.optional(), limit: z.number().int().positive().max(500).optional() }).strict(),
    alerts.listAlerts,
  ),
  getFlowGraph: method(z.object(flowWindow).strict(), flows.getFlowGraph),
  /** one system's operations, or one drawn edge's (caller → callee, either end possibly the relaying gateway) */
  getOperations: method(
    z
      .object({ ...flowWindow, system: id.optional(), edge: z.object({ from: id, to: id }).strict().optional() })
      .strict()
      .refine((input) => (input.system === undefined) !== (input.edge === undefined), {
        message: 'give either system or edge',
        path: ['system'],
      }),
    flows.getOperations,
  ),
  getEdgeSeries: method(
    z
      .object({
        from: id,
        to: id,
        protocol: z.string().optional(),
        rangeMs: z
          .number()
          .int()
          .positive()
          .max(90 * 24 * 3600_000),
      })
      .strict(),
    flows.getEdgeSeries,
  ),
};

export type Api = typeof API;
export type ApiName = keyof Api;
export type ApiInput<N extends ApiName> = z.input<Api[N]['input']>;
export type ApiOutput<N extends ApiName> = Awaited<ReturnType<Api[N]['handler']>>;

export function isApiName(name: string): name is ApiName {
  return Object.hasOwn(API, name);
}
