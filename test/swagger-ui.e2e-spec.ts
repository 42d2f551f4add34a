import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { parseAccessToken2, verifyAccessToken2 } from '../src/agora-token';
import { signCallerJwt } from './support/jwt';
import {
  freePort,
  type MainProcess,
  spawnMain,
  waitForExit,
  waitForOutput,
} from './support/main-process';
import { TEST_AGORA_APP_ID, TEST_AGORA_CERTIFICATE, TEST_ENV } from './support/test-env';

jest.setTimeout(120_000);

/** Debian's chromium (.ci/run installs it); playwright-core drives it and downloads nothing. */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(__dirname, '..', 'artifacts', 'swagger-ui.png');
/**
 * Not localhost or 127.0.0.1, which browsers trust like https: under this name the page is
 * served the way /docs is over plain http from a LAN host or the compose proxy, where the
 * default CSP's upgrade-insecure-requests would leave it blank. Chromium maps it to loopback.
 */
const DOCS_HOST = 'docs.agora-token-authority.test';
const RTC_REQUEST = { channel: 'demo-room', uid: 1001, role: 'publisher' };

describe('Swagger UI in a real browser', () => {
  let child: MainProcess;
  let browser: Browser;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    // Development mode, as a developer runs it, with fixed test credentials.
    const env = Object.entries({
      ...TEST_ENV,
      NODE_ENV: 'development',
      SWAGGER_ENABLED: undefined,
      PORT: String(port),
      HOST: '127.0.0.1',
    }).filter((entry): entry is [string, string] => entry[1] !== undefined);
    child = spawnMain(Object.fromEntries(env));
    await waitForOutput(child, /Swagger UI: /);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--host-resolver-rules=MAP ${DOCS_HOST} 127.0.0.1`,
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null && child.signalCode === null) {
      const exit = waitForExit(child);
      child.kill('SIGTERM');
      await exit;
    }
  });

  it('should authorize with a JWT and issue an RTC token with "Try it out"', async () => {
    const document = (await (await fetch(`http://127.0.0.1:${port}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.paths['/v1/tokens/rtc']?.post).toBeDefined();

    const jwt = signCallerJwt({
      agora_uid: 1001,
      agora_channels: ['demo-*'],
      scope: 'rtc:publish',
    });
    // A fresh context: launch() gives the browser a new, empty user-data-dir.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    const problems = collectProblems(page);

    await page.goto(`http://${DOCS_HOST}:${port}/docs`);
    await page
      .locator('.information-container .title')
      .waitFor()
      .catch((error: Error) => {
        throw new Error(`Swagger UI did not render (${problems.join('; ')}): ${error.message}`);
      });

    await page.locator('.auth-wrapper button.authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input[type=text]').fill(jwt);
    await dialog.locator('button.authorize').click();
    await dialog.locator('button.btn-done').click();

    const operation = page.locator('.opblock-post', {
      has: page.locator('[data-path="/v1/tokens/rtc"]'),
    });
    await operation.locator('.opblock-summary-control').click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('textarea.body-param__text').fill(JSON.stringify(RTC_REQUEST));
    await operation.locator('button.execute').click();

    const response = operation.locator('.live-responses-table .response').first();
    const status = await response.locator('.response-col_status').innerText();
    const bodyText = await response.locator('.response-col_description pre').first().innerText();
    await operation.scrollIntoViewIfNeeded();
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    expect(status.trim()).toBe('201');
    const body = JSON.parse(bodyText) as { token: string; channel: string; uid: number };
    expect(body).toMatchObject({ channel: 'demo-room', uid: 1001, role: 'publisher' });
    expect(body.token).toMatch(/^007/);
    const token = parseAccessToken2(body.token);
    expect(token.appId).toBe(TEST_AGORA_APP_ID);
    expect(token.services[0]).toMatchObject({ type: 1, channelName: 'demo-room', uid: '1001' });
    expect(verifyAccessToken2(token, TEST_AGORA_CERTIFICATE)).toBe(true);
    // The bearer token went with the request (the UI shows the equivalent curl).
    expect(await operation.locator('.curl-command').innerText()).toContain(
      `Authorization: Bearer ${jwt}`,
    );
    expect(problems).toEqual([]);
  });
});

/** What a user would see break: CSP violations, failed requests, script errors. */
function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      problems.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('requestfailed', (request) =>
    problems.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`),
  );
  return problems;
}
