import { isReportFormat, REPORT_FORMAT_NAMES, type ReportFormat } from '../report/index.js';
import { UsageError } from '../util/usage-error.js';

/** A comma-separated option value as its items, or undefined when the option is absent. */
export const commaList = (value: string | undefined) =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `--format json,md,…` of `audit` and `report`: known formats only, else a usage error naming them all. */
export function parseFormats(value: string | undefined): ReportFormat[] {
  const formats = commaList(value) ?? [];
  const unknown = formats.filter((format) => !isReportFormat(format));
  if (unknown.length > 0)
    throw new UsageError(`unknown report format: ${unknown.join(', ')} (${REPORT_FORMAT_NAMES.join(', ')})`);
  return formats as ReportFormat[];
}
