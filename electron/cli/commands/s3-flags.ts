/**
 * `--endpoint`, `--region` and `--path-style` for reading a bucket (`--from s3://…`) on a PC without
 * a config: the same facts AWS_ENDPOINT_URL and AWS_REGION give, for admins who prefer flags. They
 * are put into the command's environment, which is where the engine reads them for every command
 * (listing, and a restore that fetches from the bucket).
 */
import { usageError, type CliIo } from '../cli-io.js';
import { msg } from '../../shared/messages/index.js';

export const S3_FLAG_OPTIONS = {
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'path-style': { type: 'boolean' },
  'no-path-style': { type: 'boolean' },
} as const;

export const S3_FLAG_USAGE = '[--endpoint <https://…>] [--region <region>] [--path-style | --no-path-style]';

/** Applies the flags to the environment; returns them for callers that pass them on directly. */
export function s3Flags(values: Record<string, unknown>, io: CliIo, usage: string): { endpoint?: string; region?: string; pathStyle?: boolean } {
  const out: { endpoint?: string; region?: string; pathStyle?: boolean } = {};
  if (typeof values['endpoint'] === 'string') {
    if (!/^https?:\/\/[^\s]+$/.test(values['endpoint'])) throw usageError(msg('cli-endpoint-url', {}), usage);
    out.endpoint = values['endpoint'];
    io.env['AWS_ENDPOINT_URL'] = out.endpoint;
  }
  if (typeof values['region'] === 'string') {
    out.region = values['region'];
    io.env['AWS_REGION'] = out.region;
  }
  if (values['path-style'] && values['no-path-style']) throw usageError(msg('cli-path-style-both', {}), usage);
  if (values['path-style'] || values['no-path-style']) {
    out.pathStyle = Boolean(values['path-style']);
    io.env['KURA_S3_PATH_STYLE'] = out.pathStyle ? '1' : '0';
  }
  return out;
}
