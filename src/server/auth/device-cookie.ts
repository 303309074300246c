import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

// A device that signed in before: set at each successful sign-in, and signed with the session
// secret, so that only this server can have made it. Sign-in failures from such a device are
// counted for its canvasser, not for its address: ten wrong codes typed behind an office's or a
// phone carrier's shared address lock out new devices there, not the canvassers already at work.

export const DEVICE_COOKIE = 'doorstep_device';
/** 400 days, the most a browser keeps a cookie (RFC 6265bis). */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 400 * 86_400;

export interface Device {
  /** random, per device */
  d: string;
  /** the canvasser last signed in on it */
  c: string;
}

export function deviceOf(request: FastifyRequest, name = DEVICE_COOKIE): Device | undefined {
  const raw = request.cookies[name];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  try {
    const device = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as Device;
    return device && typeof device.d === 'string' && typeof device.c === 'string' ? device : undefined;
  } catch {
    return undefined;
  }
}

export function setDeviceCookie(
  reply: FastifyReply,
  canvasserId: string,
  opts: { name?: string; secure: boolean | 'auto'; previous?: Device | undefined },
): Device {
  const device: Device = { d: opts.previous?.d ?? randomBytes(12).toString('base64url'), c: canvasserId };
  reply.setCookie(opts.name ?? DEVICE_COOKIE, Buffer.from(JSON.stringify(device)).toString('base64url'), {
    signed: true,
    httpOnly: true,
    sameSite: 'strict',
    secure: opts.secure,
    path: '/',
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
  });
  return device;
}
