import type { FastifyReply } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type Problem, type QomonError } from '@shared/problem';

export interface ProblemInit {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: QomonError[];
  retryAfterSeconds?: number;
}

export function problemBody(p: ProblemInit): Problem {
  const body: Problem = { type: p.type, title: p.title, status: p.status };
  if (p.detail) body.detail = p.detail;
  if (p.errors) body.errors = p.errors;
  return body;
}

/** Answers with an RFC 7807 problem; every error the server gives goes through here. */
export function sendProblem(reply: FastifyReply, p: ProblemInit): FastifyReply {
  if (p.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(p.retryAfterSeconds))));
  return reply.code(p.status).type(PROBLEM_CONTENT_TYPE).send(problemBody(p));
}
