/**
 * The recovery kit of an encrypted off-site bucket, as a page to print (or save as a PDF) in the UI
 * language: where the copies are, the keys, and how to restore with Kura or by hand. The print
 * stylesheet (styles.css, `.recovery-kit`) prints this block alone.
 */
import type { RecoveryKitDto } from '../lib/contract.js';
import { useSay } from '../lib/messages.js';
import { useJobTime } from '../lib/job-time.js';
import { CodeBlock } from './code-block.js';

export function RecoveryKit({ kit }: { kit: RecoveryKitDto }) {
  const { say } = useSay(useJobTime(kit.jobId).zones);
  return (
    <article className="recovery-kit" aria-labelledby="kit-title">
      <h3 id="kit-title">{say('offsite-kit-title', { job: kit.jobName })}</h3>
      <p className="kit-warning">
        <strong>{say('offsite-kit-warning', {})}</strong>
      </p>
      <h4>{say('offsite-kit-where', {})}</h4>
      <dl className="kit-facts">
        <dt>{say('offsite-ui-service', {})}</dt>
        <dd>{kit.service}</dd>
        <dt>{say('offsite-ui-endpoint', {})}</dt>
        <dd>
          <code>{kit.endpoint}</code>
        </dd>
        <dt>{say('offsite-ui-region', {})}</dt>
        <dd>
          <code>{kit.region}</code>
        </dd>
        <dt>{say('offsite-ui-bucket', {})}</dt>
        <dd>
          <code>{kit.bucket}</code>
        </dd>
        <dt>{say('offsite-ui-prefix', {})}</dt>
        <dd>
          <code>{`${kit.prefix}${kit.jobId}/`}</code>
        </dd>
        <dt>{say('offsite-kit-address', {})}</dt>
        <dd>
          <code>{kit.address}</code>
        </dd>
        <dt>{say('offsite-ui-access-key', {})}</dt>
        <dd>
          <code>{kit.accessKeyId}</code>
        </dd>
        <dt>{say('offsite-ui-secret-key', {})}</dt>
        <dd className="kit-blank">{say('offsite-kit-secret-blank', {})}</dd>
      </dl>
      {kit.identity ? (
        <>
          <h4>{say('offsite-kit-keys', {})}</h4>
          <dl className="kit-facts">
            <dt>{say('offsite-kit-identity', {})}</dt>
            <dd>
              <code className="kit-key">{kit.identity}</code>
            </dd>
            <dt>{say('offsite-kit-passphrase', {})}</dt>
            <dd>{kit.passphrase ? <code className="kit-key">{kit.passphrase}</code> : say('offsite-kit-no-passphrase', {})}</dd>
          </dl>
        </>
      ) : null}
      <h4>{say('offsite-kit-with-kura', {})}</h4>
      <p>{say('offsite-kit-with-kura-text', {})}</p>
      <CodeBlock label={say('offsite-kit-with-kura', {})} text={`AWS_ENDPOINT_URL='${kit.endpoint}' AWS_REGION='${kit.region}' AWS_ACCESS_KEY_ID='${kit.accessKeyId}' AWS_SECRET_ACCESS_KEY="$SECRET_ACCESS_KEY" \\\n  ${kit.commands.withKura}`} />
      <h4>{say('offsite-kit-by-hand', {})}</h4>
      <p>{say('offsite-kit-step-download', {})}</p>
      <CodeBlock label={say('offsite-kit-step-download', {})} text={kit.commands.download} />
      <p>{say('offsite-kit-step-key', {})}</p>
      <CodeBlock label={say('offsite-kit-step-key', {})} text={kit.commands.key} />
      <p>{say('offsite-kit-step-restore', {})}</p>
      <CodeBlock label={say('offsite-kit-step-restore', {})} text={kit.commands.restore} />
      <p className="muted">{say('offsite-kit-created', { at: kit.createdAt })}</p>
    </article>
  );
}
