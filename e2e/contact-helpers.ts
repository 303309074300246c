import type { APIRequestContext, Page, Request, TestInfo } from '@playwright/test';
import { DEMO_ACCESS_CODE, expect } from './fixtures';

export interface SandboxContact {
  seq: number;
  idempotencyKey: string | null;
  receivedAt: string;
  body: unknown;
}

/** A surname no other test uses, so that two workers sharing one server never read each
 * other's contacts. */
export function uniqueName(testInfo: TestInfo, base = 'Durand'): string {
  return `${base}-${testInfo.workerIndex}-${testInfo.testId.slice(0, 6)}-${Date.now().toString(36)}`;
}

const isContactPost = (request: Request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/contacts';

/** Clicks Send and gives back the request it made (its body and Idempotency-Key). */
export async function sendAndCapture(page: Page, buttonName = 'Send contact'): Promise<Request> {
  const posted = page.waitForRequest(isContactPost);
  await page.getByRole('button', { name: buttonName }).click();
  return posted;
}

export function idempotencyKey(request: Request): string {
  const key = request.headers()['idempotency-key'];
  expect(key, 'the Idempotency-Key header').toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  return key!;
}

/** The sandbox's listing and fault switches need a session: `page.request` shares the page's
 * (signed in by the test); a bare `request` context signs in as the demo canvasser here. */
async function ensureSignedIn(request: APIRequestContext): Promise<void> {
  if ((await request.get('/api/session')).ok()) return;
  const response = await request.post('/api/session', { data: { accessCode: DEMO_ACCESS_CODE } });
  expect(response.status(), await response.text()).toBe(200);
}

/** What the sandbox (standing in for Qomon) received under an Idempotency-Key. */
export async function sandboxContacts(request: APIRequestContext, key: string): Promise<SandboxContact[]> {
  await ensureSignedIn(request);
  const response = await request.get(`/sandbox/contacts?key=${encodeURIComponent(key)}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { contacts: SandboxContact[] }).contacts;
}

/** Makes the sandbox refuse the next upstream call(s), as Qomon would. */
export async function queueFaults(request: APIRequestContext, faults: Record<string, unknown>): Promise<void> {
  await ensureSignedIn(request);
  const response = await request.put('/sandbox/faults', { data: faults });
  expect(response.status(), await response.text()).toBe(200);
}

export async function clearFaults(request: APIRequestContext): Promise<void> {
  await ensureSignedIn(request);
  const response = await request.delete('/sandbox/faults');
  expect(response.status(), await response.text()).toBe(200);
}
