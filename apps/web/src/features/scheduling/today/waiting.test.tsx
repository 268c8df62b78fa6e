import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { i18next } from '../../../app/i18n';
import { minutesSince, waitLevel } from './waiting';
import { formatWait, WaitingTime } from './WaitingTime';

const arrivedAt = '2026-01-15T09:00:00Z';
const at = (time: string) => Date.parse(`2026-01-15T${time}Z`);

describe('minutesSince', () => {
  it.each([
    ['09:00:00', 0],
    ['09:00:59', 0],
    ['09:01:00', 1],
    ['09:20:30', 20],
    ['10:05:00', 65],
  ])('counts whole minutes from arrival to %s as %i', (now, minutes) => {
    expect(minutesSince(arrivedAt, at(now))).toBe(minutes);
  });

  it('never goes below zero when the workstation clock is a little behind', () => {
    expect(minutesSince(arrivedAt, at('08:59:30'))).toBe(0);
  });

  it('gives up on a time it cannot read', () => {
    expect(minutesSince('not a time', at('09:10:00'))).toBeNull();
  });
});

describe('waitLevel', () => {
  it.each([
    [0, 'normal'],
    [20, 'normal'],
    [21, 'long'],
    [40, 'long'],
    [41, 'very_long'],
    [180, 'very_long'],
  ] as const)('calls a wait of %i minutes %s', (minutes, level) => {
    expect(waitLevel(minutes)).toBe(level);
  });
});

describe('formatWait', () => {
  const t = i18next.t.bind(i18next);
  it.each([
    [0, '0 min'],
    [1, '1 min'],
    [59, '59 min'],
    [60, '1 h 0 min'],
    [125, '2 h 5 min'],
  ])('writes %i minutes as "%s"', (minutes, text) => {
    expect(formatWait(t, minutes)).toBe(text);
  });
});

describe('WaitingTime', () => {
  function renderAt(now: string) {
    return render(
      <MantineProvider env="test">
        <WaitingTime arrivedAt={arrivedAt} now={at(now)} />
      </MantineProvider>,
    );
  }

  it('shows a short wait plainly', () => {
    renderAt('09:12:00');
    expect(screen.getByText('Waiting 12 min')).toBeTruthy();
  });

  it('says a long wait in words, not only in amber', () => {
    renderAt('09:25:00');
    expect(screen.getByText('Waiting 25 min · long wait')).toBeTruthy();
  });

  it('says a very long wait in words, not only in red', () => {
    renderAt('09:45:00');
    expect(screen.getByText('Waiting 45 min · very long wait')).toBeTruthy();
  });

  it('ticks forward when the clock it is given moves on, without any fetch', () => {
    const view = renderAt('09:19:00');
    expect(screen.getByText('Waiting 19 min')).toBeTruthy();
    view.rerender(
      <MantineProvider env="test">
        <WaitingTime arrivedAt={arrivedAt} now={at('09:21:00')} />
      </MantineProvider>,
    );
    expect(screen.getByText('Waiting 21 min · long wait')).toBeTruthy();
  });
});
