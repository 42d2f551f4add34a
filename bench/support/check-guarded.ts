/** The check that bench:http's (a) runs with every guard on, before its figures count. */
import { readFileSync } from 'node:fs';
import type { Contender } from '../http.bench';

/**
 * Makes sure (a) runs with every check on before its figures count: a missing JWT is a 401, a
 * channel outside the caller's grant a 403, a malformed body a 400, a good request a 201 with the
 * security headers; metrics count the issuance, both rate limiters hold entries and the audit log
 * has the issuance and the refusal. Throws, naming the first check that is off.
 */
export async function checkEverythingOn(
  contender: Contender,
  requests: Array<{ authorization: string; body: string }>,
  logFile: string,
): Promise<void> {
  const url = `http://127.0.0.1:${contender.port}/v1/tokens/rtc`;
  const [first, second] = requests;
  const post = (headers: Record<string, string>, body: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const expect = async (what: string, response: Response, status: number) => {
    await response.arrayBuffer();
    if (response.status !== status) {
      throw new Error(`(a) is not fully guarded: ${what} gave ${response.status}, not ${status}`);
    }
    return response;
  };
  await expect('no JWT', await post({}, first!.body), 401);
  await expect(
    'another caller’s channel',
    await post({ authorization: first!.authorization }, second!.body),
    403,
  );
  await expect(
    'a malformed body',
    await post({ authorization: first!.authorization }, '{"uid":"x"}'),
    400,
  );
  const ok = await expect(
    'a valid request',
    await post({ authorization: first!.authorization }, first!.body),
    201,
  );
  if (ok.headers.get('x-content-type-options') !== 'nosniff') {
    throw new Error('(a) is not fully guarded: no security headers on a 201');
  }
  const metrics = await (
    await fetch(`http://127.0.0.1:${contender.env.METRICS_PORT}/metrics`)
  ).text();
  const entries = Number(/^ata_rate_limit_memory_entries\S* (\d+)/m.exec(metrics)?.[1]);
  if (!/^ata_tokens_issued_total\{[^}]*\} [1-9]/m.test(metrics) || !(entries >= 2)) {
    throw new Error('(a) is not fully guarded: metrics show no issuance or no rate-limit entries');
  }
  for (let waited = 0; ; waited += 100) {
    const log = readFileSync(logFile, 'utf8');
    if (log.includes('token.issued') && log.includes('token.denied')) {
      return;
    }
    if (waited > 3000) {
      throw new Error(`(a) is not fully guarded: no audit lines in ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
