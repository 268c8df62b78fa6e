import { describe, expect, it } from 'vitest';
import {
  news2Band,
  scoreAirOrOxygen,
  scoreConsciousness,
  scoreNews2,
  scorePulse,
  scoreRespiratoryRate,
  scoreSpo2Scale1,
  scoreSpo2Scale2,
  scoreSystolic,
  scoreTemperature,
  type News2Input,
} from './news2.js';

// Every row of RCP NEWS2 chart 1 (2017), tested at both ends of the row (and beyond the
// open-ended rows), so each band boundary is pinned from both sides.

describe('respiration rate (per minute): <=8 3, 9-11 1, 12-20 0, 21-24 2, >=25 3', () => {
  it.each([
    [0, 3],
    [8, 3],
    [9, 1],
    [11, 1],
    [12, 0],
    [20, 0],
    [21, 2],
    [24, 2],
    [25, 3],
    [60, 3],
  ])('%d breaths/min scores %d', (value, score) => {
    expect(scoreRespiratoryRate(value)).toBe(score);
  });
});

describe('SpO2 scale 1 (%): <=91 3, 92-93 2, 94-95 1, >=96 0', () => {
  it.each([
    [70, 3],
    [91, 3],
    [92, 2],
    [93, 2],
    [94, 1],
    [95, 1],
    [96, 0],
    [100, 0],
  ])('%d %% scores %d on air and on oxygen alike', (value, score) => {
    expect(scoreSpo2Scale1(value)).toBe(score);
  });
});

describe('SpO2 scale 2 (%): <=83 3, 84-85 2, 86-87 1, 88-92 0, >=93 on air 0, on oxygen 93-94 1, 95-96 2, >=97 3', () => {
  it.each([
    [70, 'air', 3],
    [83, 'air', 3],
    [83, 'oxygen', 3],
    [84, 'air', 2],
    [85, 'oxygen', 2],
    [86, 'air', 1],
    [87, 'oxygen', 1],
    [88, 'air', 0],
    [88, 'oxygen', 0],
    [92, 'air', 0],
    [92, 'oxygen', 0],
    [93, 'air', 0],
    [97, 'air', 0],
    [100, 'air', 0],
    [93, 'oxygen', 1],
    [94, 'oxygen', 1],
    [95, 'oxygen', 2],
    [96, 'oxygen', 2],
    [97, 'oxygen', 3],
    [100, 'oxygen', 3],
  ] as const)('%d %% on %s scores %d', (value, air, score) => {
    expect(scoreSpo2Scale2(value, air === 'oxygen')).toBe(score);
  });
});

describe('air or oxygen: oxygen 2, air 0', () => {
  it('scores supplemental oxygen 2 and air 0', () => {
    expect(scoreAirOrOxygen(true)).toBe(2);
    expect(scoreAirOrOxygen(false)).toBe(0);
  });
});

describe('systolic blood pressure (mmHg): <=90 3, 91-100 2, 101-110 1, 111-219 0, >=220 3', () => {
  it.each([
    [50, 3],
    [90, 3],
    [91, 2],
    [100, 2],
    [101, 1],
    [110, 1],
    [111, 0],
    [219, 0],
    [220, 3],
    [250, 3],
  ])('%d mmHg scores %d', (value, score) => {
    expect(scoreSystolic(value)).toBe(score);
  });
});

describe('pulse (per minute): <=40 3, 41-50 1, 51-90 0, 91-110 1, 111-130 2, >=131 3', () => {
  it.each([
    [25, 3],
    [40, 3],
    [41, 1],
    [50, 1],
    [51, 0],
    [90, 0],
    [91, 1],
    [110, 1],
    [111, 2],
    [130, 2],
    [131, 3],
    [200, 3],
  ])('%d beats/min scores %d', (value, score) => {
    expect(scorePulse(value)).toBe(score);
  });
});

describe('consciousness: Alert 0, new Confusion / Voice / Pain / Unresponsive 3', () => {
  it.each([
    ['A', 0],
    ['C', 3],
    ['V', 3],
    ['P', 3],
    ['U', 3],
  ] as const)('%s scores %d', (level, score) => {
    expect(scoreConsciousness(level)).toBe(score);
  });
});

describe('temperature (°C): <=35.0 3, 35.1-36.0 1, 36.1-38.0 0, 38.1-39.0 1, >=39.1 2', () => {
  it.each([
    [30.0, 3],
    [35.0, 3],
    [35.1, 1],
    [36.0, 1],
    [36.1, 0],
    [38.0, 0],
    [38.1, 1],
    [39.0, 1],
    [39.1, 2],
    [41.5, 2],
  ])('%d °C scores %d', (value, score) => {
    expect(scoreTemperature(value)).toBe(score);
  });

  it('rounds to the chart precision first: 35.04 is 35.0 (3), 35.05 is 35.1 (1)', () => {
    expect(scoreTemperature(35.04)).toBe(3);
    expect(scoreTemperature(35.05)).toBe(1);
    expect(scoreTemperature(38.04)).toBe(0);
    expect(scoreTemperature(39.06)).toBe(2);
  });
});

describe('values between whole-number rows are rounded first', () => {
  it.each([
    [scoreRespiratoryRate, 20.4, 0],
    [scoreRespiratoryRate, 20.5, 2],
    [scorePulse, 90.4, 0],
    [scorePulse, 130.5, 3],
    [scoreSystolic, 110.5, 0],
    [scoreSpo2Scale1, 95.5, 0],
  ])('%o(%d) scores %d', (fn, value, score) => {
    expect(fn(value)).toBe(score);
  });
});

describe('chart 2: clinical risk bands', () => {
  it.each([
    [0, false, 'low'],
    [1, false, 'low'],
    [4, false, 'low'],
    [3, true, 'low_medium'],
    [4, true, 'low_medium'],
    [5, false, 'medium'],
    [6, true, 'medium'],
    [7, false, 'high'],
    [7, true, 'high'],
    [20, true, 'high'],
  ] as const)('aggregate %d with red score %s is %s', (total, red, band) => {
    expect(news2Band(total, red)).toBe(band);
  });
});

const normal: News2Input = {
  respiratoryRate: 16,
  spo2: 97,
  onOxygen: false,
  systolic: 120,
  pulse: 70,
  consciousness: 'A',
  temperature: 37.0,
  spo2Scale: 1,
};

describe('scoreNews2: aggregate, band and alert', () => {
  it('scores a normal set 0, low, no alert', () => {
    const r = scoreNews2(normal);
    expect(r).toMatchObject({ total: 0, band: 'low', hasRedScore: false, isAlert: false });
    expect(r.missing).toEqual([]);
    expect(r.scores).toEqual({
      respiratoryRate: 0,
      spo2: 0,
      airOrOxygen: 0,
      systolic: 0,
      pulse: 0,
      consciousness: 0,
      temperature: 0,
    });
  });

  it('adds the parameters: 4 is low without an alert', () => {
    // RR 22 (2) + pulse 95 (1) + temp 38.5 (1) = 4
    const r = scoreNews2({ ...normal, respiratoryRate: 22, pulse: 95, temperature: 38.5 });
    expect(r).toMatchObject({ total: 4, band: 'low', isAlert: false });
  });

  it('raises the alert at an aggregate of 5 (medium)', () => {
    // oxygen (2) + SpO2 94 on scale 1 (1) + RR 22 (2) = 5
    const r = scoreNews2({ ...normal, onOxygen: true, spo2: 94, respiratoryRate: 22 });
    expect(r).toMatchObject({ total: 5, band: 'medium', hasRedScore: false, isAlert: true });
  });

  it('raises the alert for a single red score: new confusion alone is 3, low-medium', () => {
    const r = scoreNews2({ ...normal, consciousness: 'C' });
    expect(r).toMatchObject({ total: 3, band: 'low_medium', hasRedScore: true, isAlert: true });
  });

  it('is high at 7 or more', () => {
    // RR 26 (3) + pulse 135 (3) + temp 38.5 (1) = 7
    const r = scoreNews2({ ...normal, respiratoryRate: 26, pulse: 135, temperature: 38.5 });
    expect(r).toMatchObject({ total: 7, band: 'high', isAlert: true });
  });

  it('uses scale 2 for a hypercapnic patient: 90 % on oxygen scores 0 there, 3 on scale 1', () => {
    const onO2 = { ...normal, onOxygen: true, spo2: 90 };
    expect(scoreNews2({ ...onO2, spo2Scale: 2 }).scores.spo2).toBe(0);
    expect(scoreNews2({ ...onO2, spo2Scale: 2 }).total).toBe(2);
    expect(scoreNews2({ ...onO2, spo2Scale: 1 }).scores.spo2).toBe(3);
    expect(scoreNews2({ ...onO2, spo2Scale: 1 }).isAlert).toBe(true);
  });

  it('scores over-oxygenation on scale 2: 97 % on oxygen is a red score', () => {
    const r = scoreNews2({ ...normal, onOxygen: true, spo2: 97, spo2Scale: 2 });
    expect(r).toMatchObject({ total: 5, band: 'medium', hasRedScore: true, isAlert: true });
  });

  it('has no aggregate without all seven parameters, but a red score still alerts', () => {
    const partial = scoreNews2({ onOxygen: false, spo2Scale: 1, respiratoryRate: 30 });
    expect(partial.total).toBeNull();
    expect(partial.band).toBeNull();
    expect(partial.missing).toEqual(['spo2', 'systolic', 'pulse', 'consciousness', 'temperature']);
    expect(partial.isAlert).toBe(true);
    const calm = scoreNews2({ onOxygen: false, spo2Scale: 1, respiratoryRate: 16 });
    expect(calm.isAlert).toBe(false);
  });
});
