// Trainer mode: a simulated day stepped through on a separate training database beside the
// books. Nothing here reads or writes the user's books: every method works on the training book.
// Trainers (and admins) run and reset it; everyone else may watch.
import { z } from 'zod';
import { ANY, method, now, type Ctx, type Roles } from './registry.js';
import { isoDate } from './ledger.js';
import { fail } from '../errors.js';
import { hasTrainingBook, resetTrainingBook, trainingBook, trainingFileFor } from '../trainer/store.js';
import {
  channelQuality, eventDetail, listEvents, ORDERS_MAX, ORDERS_MIN, remainingEvents, seed003Flows, startDay, stepEvents, trainerDay,
} from '../trainer/day.js';
import { DAY_END_STEPS, dayEndRecords, runDayEnd } from '../trainer/day-end.js';

const TRAINERS: Roles = ['trainer', 'admin'];
const scenario = z.enum(['day', 'seed003']);

function book(ctx: Ctx) {
  return trainingBook(ctx.db, now(ctx));
}

function state(ctx: Ctx) {
  const file = trainingFileFor(ctx.db.file);
  if (!hasTrainingBook(ctx.db)) return { file, exists: false as const };
  const b = book(ctx);
  const day = trainerDay(b.db);
  const dayEnd = dayEndRecords(b);
  const last = dayEnd.at(-1);
  const nextStep = !day ? null : !last ? DAY_END_STEPS[0] : last.step === 'close' && !last.ok ? 'close' : DAY_END_STEPS[DAY_END_STEPS.indexOf(last.step) + 1] ?? null;
  return {
    file: b.file,
    exists: true as const,
    day,
    events: day ? listEvents(b.db, 'day') : [],
    remaining: day ? remainingEvents(b.db, 'day') : 0,
    seed003: day ? { events: listEvents(b.db, 'seed003'), remaining: remainingEvents(b.db, 'seed003'), flows: seed003Flows(b.db) } : null,
    dayEnd,
    nextStep,
    closed: dayEnd.some((r) => r.step === 'close' && r.ok),
    channels: day ? channelQuality(b.db) : [],
  };
}

export const trainerMethods = {
  'trainer.state': method({
    summary: 'trainer mode: the training database, its day, events, seed-003 flows and the day end so far',
    input: z.object({}).default({}),
    roles: ANY,
    run: (ctx) => state(ctx),
  }),
  'trainer.reset': method({
    summary: 'trainer mode: throw the training database away and start a fresh one (the books are untouched)',
    input: z.object({ confirm: z.literal(true, { message: 'resetting the training database needs confirm: true' }) }),
    roles: TRAINERS,
    run: (ctx) => {
      const b = resetTrainingBook(ctx.db, now(ctx));
      return { file: b.file };
    },
  }),
  'trainer.start': method({
    summary: 'trainer mode: plan a training day (orders, seed) with the seed-003 example on the training database',
    input: z.object({ date: isoDate, orders: z.number().int().min(ORDERS_MIN).max(ORDERS_MAX).default(40), seed: z.number().int().nonnegative().default(3) }),
    roles: TRAINERS,
    run: (ctx, input) => startDay(book(ctx), { ...input, login: ctx.user.login, at: now(ctx) }),
  }),
  'trainer.step': method({
    summary: 'trainer mode: run the next event(s) of the training day or of the seed-003 example',
    input: z.object({ scenario: scenario.default('day'), count: z.number().int().positive().max(400).default(1) }),
    roles: TRAINERS,
    run: (ctx, input) => stepEvents(book(ctx), input.scenario, input.count),
  }),
  'trainer.runRest': method({
    summary: 'trainer mode: run every event left in the training day (or the seed-003 example)',
    input: z.object({ scenario: scenario.default('day') }),
    roles: TRAINERS,
    run: (ctx, input) => {
      const b = book(ctx);
      const left = remainingEvents(b.db, input.scenario);
      if (left === 0) fail('CONFLICT', 'nothing left to run');
      const ran = stepEvents(b, input.scenario, left);
      return { ran: ran.length, succeeded: ran.filter((r) => r.pay?.status === 'succeeded').length };
    },
  }),
  'trainer.event': method({
    summary: 'trainer mode: what one event did: routing level by level, risk, vouchers, the three flows',
    input: z.object({ scenario: scenario.default('day'), seq: z.number().int().positive() }),
    roles: ANY,
    run: (ctx, input) => {
      if (!hasTrainingBook(ctx.db)) fail('NOT_FOUND', 'no training database yet');
      return eventDetail(book(ctx).db, input.scenario, input.seq);
    },
  }),
  'trainer.dayEnd': method({
    summary: 'trainer mode: run the next step of the training day end (or all of them), narrated with its figures',
    input: z.object({ all: z.boolean().default(false) }),
    roles: TRAINERS,
    run: (ctx, input) => runDayEnd(book(ctx), ctx.clock, input),
  }),
};
