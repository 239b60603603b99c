// The approvals page in a real browser (docs/approvals.md, "The page"):
// headless Debian chromium, driven by puppeteer-core, signs in with the
// admin token, sees a pending approval (whose hostile arguments must show
// as text), approves it, and the call held on a long poll completes; the
// retried call is then allowed. A screenshot of the page is kept.
//
//   node approvals_page.test.mjs GATEWAY_BINARY SOURCE_DIR ARTIFACT_DIR
//
// Everything on loopback; the gateway is always stopped; the whole test is
// bounded to 90 seconds.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const [gatewayBinary, sourceDir, artifactDir] = process.argv.slice(2);
if (!gatewayBinary || !sourceDir || !artifactDir) {
  console.error('usage: node approvals_page.test.mjs GATEWAY_BINARY SOURCE_DIR ARTIFACT_DIR');
  process.exit(2);
}
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const token = 'browser-test-admin-token';
const hostile = '<script>alert("pwned")</script><img src=x onerror="alert(1)">';

const work = mkdtempSync(join(tmpdir(), 'intent-page-'));
writeFileSync(join(work, 'token'), token + '\n');
let gateway;
let browser;

function fail(message) {
  console.error('approvals page test FAILED: ' + message);
  process.exitCode = 1;
  throw new Error(message);
}
function check(condition, message) {
  if (!condition) fail(message);
}

const deadline = setTimeout(() => {
  console.error('approvals page test FAILED: timed out after 90 s');
  cleanup();
  process.exit(1);
}, 90_000);

function cleanup() {
  if (gateway && gateway.exitCode === null) gateway.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}

// Starts the gateway on a free port; resolves with its base URL.
function startGateway() {
  return new Promise((resolve, reject) => {
    gateway = spawn(gatewayBinary, ['serve', '--policy', join(sourceDir, 'examples/gmail'),
      '--listen', '127.0.0.1:0', '--threads', '2', '--admin-token-file', join(work, 'token')],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    gateway.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/serving on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) resolve(match[1]);
    });
    gateway.stderr.on('data', (chunk) => { err += chunk; });
    gateway.on('exit', (code) => reject(new Error(`the gateway exited (${code}): ${err}`)));
    setTimeout(() => reject(new Error('the gateway did not start in 10 s: ' + err)), 10_000);
  });
}

function send(approval) {
  const request = {
    principal: 'mail-bot', operation: 'gmail.messages.send',
    input: { message: { id: 'm1', sender: 'me@example.com', to: ['eve@evil.test'],
      subject: hostile, unread: false, received: '2026-11-28T08:00:00Z', labels: [], size: 1 } },
    context: { time: '2026-11-28T10:00:00Z' },
  };
  if (approval) request.context.approval = approval;
  return JSON.stringify(request);
}

async function decide(base, approval) {
  const answer = await fetch(base + '/v1/decide', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: send(approval),
    signal: AbortSignal.timeout(5000),
  });
  return answer.json();
}

try {
  const base = await startGateway();
  const ask = await decide(base);
  check(ask.decision === 'ask' && ask.approval && ask.approval.state === 'pending',
    'the call was not an ask with a pending approval: ' + JSON.stringify(ask));
  const id = ask.approval.id;
  // The agent's side: the call held on a long poll until a person decides.
  const held = fetch(`${base}/v1/approvals/${id}?wait=30`, { signal: AbortSignal.timeout(40_000) })
    .then((answer) => answer.json());

  browser = await puppeteer.launch({
    executablePath: chromium, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  let dialogs = 0;
  page.on('dialog', async (dialog) => { dialogs += 1; await dialog.dismiss(); });
  await page.setViewport({ width: 1100, height: 900 });

  // Signed out: the sign-in form. A wrong token is refused.
  await page.goto(base + '/approvals');
  check(await page.$('#sign-in') !== null, 'no sign-in form when signed out');
  await page.type('#name', 'alice');
  await page.type('#token', 'wrong-token');
  await Promise.all([page.waitForNavigation(), page.click('#sign-in button[type=submit]')]);
  check((await page.content()).includes('That token is not valid'), 'a wrong token was not refused');

  await page.type('#name', 'alice');
  await page.type('#token', token);
  await Promise.all([page.waitForNavigation(), page.click('#sign-in button[type=submit]')]);
  const cookies = await browser.cookies();
  const session = cookies.find((cookie) => cookie.name === 'intent_session');
  check(session && session.httpOnly && session.sameSite === 'Strict',
    'the session cookie is not HttpOnly and SameSite=Strict: ' + JSON.stringify(session));
  check((await page.$eval('#who', (node) => node.textContent)) === 'alice', 'not signed in as alice');

  // The pending approval, with what a person needs to decide.
  const card = await page.$(`#approval-${id}`);
  check(card !== null, 'the pending approval is not listed');
  const text = await card.evaluate((node) => node.textContent);
  for (const expected of ['mail-bot', 'gmail.messages.send', 'this message leaves the company',
    'eve@evil.test', 'left', '<script>alert(', '<img src=x onerror=']) {
    check(text.includes(expected), `the approval does not show ${JSON.stringify(expected)}`);
  }
  // Hostile arguments are text, never markup: no element came from them.
  check((await page.$$('article script, article img')).length === 0,
    'an argument became markup on the page');
  check(dialogs === 0, 'a script from an argument ran');
  mkdirSync(artifactDir, { recursive: true });
  await page.screenshot({ path: join(artifactDir, 'approvals-page.png'), fullPage: true });

  // A form without the session's CSRF token is refused.
  const forged = await fetch(`${base}/approvals/${id}/approve`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: `intent_session=${session.value}` },
    body: 'csrf=not-the-token', signal: AbortSignal.timeout(5000),
  });
  check(forged.status === 403, 'a form without the CSRF token was accepted: ' + forged.status);

  // Approve: the held call completes, approved by alice.
  await Promise.all([page.waitForNavigation(), page.click(`#approval-${id} button.approve`)]);
  check((await page.$eval('.flash', (node) => node.textContent)).includes('Approved'),
    'no confirmation after approving');
  check(await page.$(`#approval-${id}`) === null, 'the approval is still listed as pending');
  await page.screenshot({ path: join(artifactDir, 'approvals-page-after.png'), fullPage: true });
  const decided = await held;
  check(decided.state === 'approved' && decided.decided_by === 'alice',
    'the held call did not complete approved by alice: ' + JSON.stringify(decided));

  // The agent sends the same call again with the approval: allowed once.
  const allowed = await decide(base, id);
  check(allowed.decision === 'allow', 'the approved call was not allowed: ' + JSON.stringify(allowed));
  const again = await decide(base, id);
  check(again.decision === 'deny', 'the approval allowed a second call');
  console.log(`approvals page test passed (screenshot: ${join(artifactDir, 'approvals-page.png')})`);
} catch (error) {
  if (!process.exitCode) console.error('approvals page test FAILED: ' + (error.stack || error));
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
  if (browser) await browser.close().catch(() => {});
  if (gateway && gateway.exitCode === null) {
    gateway.kill('SIGTERM');
    await new Promise((resolve) => {
      const force = setTimeout(() => { gateway.kill('SIGKILL'); resolve(); }, 5000);
      gateway.on('exit', () => { clearTimeout(force); resolve(); });
    });
  }
  cleanup();
}
