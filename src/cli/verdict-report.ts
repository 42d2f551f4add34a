import type { TokenCheck, TokenCheckName, TokenVerdict } from '../agora-token';

/** The "would Agora accept it?" section that `inspect` appends when given what the client sends. */

const LABELS: Record<TokenCheckName, string> = {
  appId: 'App ID',
  channel: 'Channel',
  user: 'User',
  signature: 'Signature',
  expiry: 'Expiry',
};

const AGORA_ERRORS: Record<109 | 110, string> = {
  109: '109 token expired',
  110: '110 invalid token',
};

/** The library names its options; say which flags supply them. */
function flagHint(detail: string): string {
  return detail
    .replace('no certificate given to verify with', 'not verified: pass --app-certificate')
    .replace('no App ID given to compare', 'pass --app-id to compare')
    .replace('no channel given to compare', 'pass --channel to compare')
    .replace('no uid or account given to compare', 'pass --uid or --account to compare')
    .replace('the account (uid)', '--account')
    .replace('channelName', '--channel')
    .replace(/\buid\b/, '--uid or --account');
}

function status(check: TokenCheck): string {
  switch (check.result) {
    case 'pass':
      return 'ok';
    case 'unchecked':
      return 'unchecked';
    case 'fail':
      return `FAIL (${check.agoraError})`;
  }
}

export function formatVerdict(verdict: TokenVerdict, now: number): string {
  const when = new Date(now * 1000).toISOString().replace('.000Z', 'Z');
  const title = `Would Agora accept it? (at ${now}, ${when})`;
  const lines = ['', title, '-'.repeat(title.length)];
  for (const check of verdict.checks) {
    const detail = check.result === 'unchecked' ? flagHint(check.detail) : check.detail;
    lines.push(`${LABELS[check.check].padEnd(16)}: ${status(check).padEnd(11)}${detail}`);
  }
  const verdictText = verdict.accepted
    ? `accepted${uncheckedNote(verdict)}`
    : `REFUSED: ${refusalSummary(verdict)}`;
  lines.push(`${'Verdict'.padEnd(16)}: ${verdictText}`);
  return `${lines.join('\n')}\n`;
}

/** "channel, user (110 invalid token)", grouped by the error Agora would answer. */
export function refusalSummary(verdict: TokenVerdict): string {
  const failed = verdict.checks.filter((c) => c.result === 'fail');
  return ([109, 110] as const)
    .map((code) => [code, failed.filter((c) => c.agoraError === code)] as const)
    .filter(([, checks]) => checks.length > 0)
    .map(([code, checks]) => {
      const names = checks.map((c) => LABELS[c.check].toLowerCase()).join(', ');
      return `${names} (${AGORA_ERRORS[code]})`;
    })
    .join('; ');
}

function uncheckedNote(verdict: TokenVerdict): string {
  const open = verdict.checks.filter((c) => c.result === 'unchecked');
  if (open.length === 0) {
    return '';
  }
  return ` as far as checked (not checked: ${open.map((c) => LABELS[c.check].toLowerCase()).join(', ')})`;
}
