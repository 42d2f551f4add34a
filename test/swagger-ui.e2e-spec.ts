import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { parseAccessToken2, verifyAccessToken2 } from '../src/agora-token';
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

  /** The development JWT exactly as `npm start` prints it under "Development JWT". */
  const printedJwt = () => /Development JWT[^\n]*:\n\s+(\S+)/.exec(child.output())?.[1] ?? '';

  /** Opens the UI in a fresh page and waits until it has rendered. */
  async function openDocs(page: Page, problems: string[]): Promise<void> {
    await page.goto(`http://${DOCS_HOST}:${port}/docs`);
    await page
      .locator('.information-container .title')
      .waitFor()
      .catch((error: Error) => {
        throw new Error(`Swagger UI did not render (${problems.join('; ')}): ${error.message}`);
      });
  }

  /** "Try it out" → "Execute" with whatever the UI shows; the status and body it displays. */
  async function execute(page: Page, method: string, path: string) {
    const operation = page.locator(`.opblock-${method}`, {
      has: page.locator(`[data-path="${path}"]`),
    });
    if (!(await operation.locator('button.try-out__btn').isVisible())) {
      await operation.locator('.opblock-summary-control').click();
    }
    const tryOut = operation.locator('button.try-out__btn');
    if ((await tryOut.innerText()).trim() === 'Try it out') {
      await tryOut.click();
    }
    await operation.locator('button.execute').click();
    const response = operation.locator('.live-responses-table .response').first();
    // The status cell may add a line of its own ("Undocumented").
    const status =
      (await response.locator('.response-col_status').innerText()).trim().split(/\s/)[0] ?? '';
    const body = await response.locator('.response-col_description pre').first().innerText();
    const curl = await operation.locator('.curl-command').innerText();
    await operation.locator('.opblock-summary-control').click(); // collapse again
    return { operation, status, body, curl };
  }

  it('should succeed on every operation with its shown example and the printed JWT', async () => {
    const document = (await (await fetch(`http://127.0.0.1:${port}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => [method, path] as const),
    );
    expect(operations).toHaveLength(10);
    const jwt = printedJwt();
    expect(jwt).toMatch(/^eyJ/);

    // A fresh context: launch() gives the browser a new, empty user-data-dir.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    const problems = collectProblems(page);
    await openDocs(page, problems);

    await page.locator('.auth-wrapper button.authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input[type=text]').fill(jwt);
    await dialog.locator('button.authorize').click();
    await dialog.locator('button.btn-done').click();

    const answers: Record<string, { status: string; body: string }> = {};
    for (const [method, path] of operations) {
      const { status, body, curl } = await execute(page, method, path);
      answers[`${method.toUpperCase()} ${path}`] = { status, body };
      if (!path.startsWith('/health')) {
        // The bearer token went with the request (the UI shows the equivalent curl).
        expect(curl).toContain(`Authorization: Bearer ${jwt}`);
      }
    }
    const statuses = Object.fromEntries(
      Object.entries(answers).map(([operation, { status }]) => [operation, status]),
    );
    expect(statuses).toEqual(
      Object.fromEntries(Object.keys(answers).map((op) => [op, expect.stringMatching(/^2\d\d$/)])),
    );
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // The RTC example as shown: a 007 token for demo-room and uid 1001, signed with the
    // configured certificate.
    const rtc = JSON.parse(answers['POST /v1/tokens/rtc']!.body) as { token: string };
    expect(rtc).toMatchObject({ channel: 'demo-room', uid: 1001, role: 'publisher' });
    const token = parseAccessToken2(rtc.token);
    expect(token.appId).toBe(TEST_AGORA_APP_ID);
    expect(token.services[0]).toMatchObject({ type: 1, channelName: 'demo-room', uid: '1001' });
    expect(verifyAccessToken2(token, TEST_AGORA_CERTIFICATE)).toBe(true);
    // The inspect example is a real 007 token: it decodes to its channel and uid.
    const inspected = JSON.parse(answers['POST /v1/tokens/inspect']!.body) as {
      version: string;
      services: unknown[];
    };
    expect(inspected.version).toBe('007');
    expect(inspected.services[0]).toMatchObject({ channel: 'demo-room', uid: 1001 });
    expect(problems).toEqual([]);
  });

  it('should stay authorized across a reload', async () => {
    const jwt = printedJwt();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    const problems = collectProblems(page);
    await openDocs(page, problems);
    await page.locator('.auth-wrapper button.authorize').click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input[type=text]').fill(jwt);
    await dialog.locator('button.authorize').click();
    await dialog.locator('button.btn-done').click();

    await page.reload();
    await page.locator('.information-container .title').waitFor();
    // The padlock stays closed: the UI kept the JWT (persistAuthorization).
    await page.locator('.auth-wrapper button.authorize.locked').waitFor();
    const session = await execute(page, 'get', '/v1/session');
    expect(session.status).toBe('200');
    expect(session.curl).toContain(`Authorization: Bearer ${jwt}`);
    expect(JSON.parse(session.body)).toMatchObject({ subject: 'dev-user' });
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
