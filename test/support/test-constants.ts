// Constants shared by the server's integration tests: the demo access code, the Qomon key and
// session secret the tests configure, the session cookie's name and the problem-type base URL.

export const DEMO_CODE = 'demo-test-42';
export const QOMON_KEY = 'qk_live_SECRET_abc123';
export const TEST_SESSION_SECRET = 'test-session-secret-0123456789-abcdefghijklmnop';
export const SESSION_COOKIE_NAME = 'doorstep_session';
export const DEVICE_COOKIE_NAME = 'doorstep_device';
export const PROBLEM_BASE = 'https://doorstep.invalid/problems/';
