import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeMe, problem, renderApp, stubApi } from '../../test/app-harness';

afterEach(() => {
  vi.unstubAllGlobals();
});

function signIn(email = 'ada.okafor@meridian.example', password = 'correct horse battery') {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in page', () => {
  it('moves to the TOTP step when the login answers mfa_pending, then on to the page asked for', async () => {
    let signedIn = false;
    const api = stubApi(({ method, path }) => {
      if (method === 'GET' && path === '/api/v1/auth/me') {
        return signedIn ? { status: 200, body: makeMe() } : problem(401, 'auth.unauthenticated');
      }
      if (method === 'POST' && path === '/api/v1/auth/login') {
        return { status: 200, body: makeMe({ state: 'mfa_pending', mfaEnrolled: true }) };
      }
      if (method === 'POST' && path === '/api/v1/auth/mfa') {
        signedIn = true;
        return { status: 200, body: makeMe({ mfaEnrolled: true }) };
      }
      return undefined;
    });
    renderApp('/sign-in?next=%2Faccount');

    expect(await screen.findByRole('heading', { name: 'Sign in to Meridian' })).toBeTruthy();
    signIn();

    expect(await screen.findByRole('heading', { name: 'Two-factor authentication' })).toBeTruthy();
    expect(api.callsTo('POST', '/api/v1/auth/login')[0]?.body).toEqual({
      email: 'ada.okafor@meridian.example',
      password: 'correct horse battery',
    });

    // The recovery-code switch swaps the field, and back.
    fireEvent.click(screen.getByLabelText('Use a recovery code'));
    expect(screen.getByLabelText('Recovery code')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Use a recovery code'));

    fireEvent.change(screen.getByLabelText('Authentication code'), {
      target: { value: '123456' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByRole('heading', { name: 'Your account', level: 1 })).toBeTruthy();
    expect(api.callsTo('POST', '/api/v1/auth/mfa')[0]?.body).toEqual({ code: '123456' });
  });

  it('refuses a TOTP code that is not 6 digits without asking the server', async () => {
    const api = stubApi(({ method, path }) =>
      method === 'GET' && path === '/api/v1/auth/me'
        ? { status: 200, body: makeMe({ state: 'mfa_pending', mfaEnrolled: true }) }
        : undefined,
    );
    renderApp('/sign-in');
    fireEvent.change(await screen.findByLabelText('Authentication code'), {
      target: { value: '12a' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(
      await screen.findByText('Enter the 6 digits shown in your authenticator app'),
    ).toBeTruthy();
    expect(api.callsTo('POST', '/api/v1/auth/mfa')).toHaveLength(0);
  });

  it('shows the lockout message with the time the account opens again', async () => {
    vi.setSystemTime(new Date('2026-11-22T09:30:00Z'));
    stubApi(({ method, path }) => {
      if (path === '/api/v1/auth/me') return problem(401, 'auth.unauthenticated');
      if (method === 'POST' && path === '/api/v1/auth/login') {
        return problem(423, 'auth.account_locked', { retryAfterSeconds: 900 });
      }
      return undefined;
    });
    renderApp('/sign-in');
    await screen.findByRole('heading', { name: 'Sign in to Meridian' });
    signIn();

    const alert = await screen.findByRole('alert');
    const at = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(
      new Date('2026-11-22T09:45:00Z'),
    );
    expect(alert.textContent).toContain('This account is locked after too many failed sign-ins');
    expect(alert.textContent).toContain(`Try again at ${at} (in 15 minutes)`);
    vi.useRealTimers();
  });

  it('says when too many attempts came from this address', async () => {
    stubApi(({ method, path }) => {
      if (path === '/api/v1/auth/me') return problem(401, 'auth.unauthenticated');
      if (method === 'POST' && path === '/api/v1/auth/login') {
        return problem(429, 'request.rate_limited', { retryAfterSeconds: 45 });
      }
      return undefined;
    });
    renderApp('/sign-in');
    await screen.findByRole('heading', { name: 'Sign in to Meridian' });
    signIn();
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Too many attempts. Try again in 45 seconds.',
    );
  });

  it('says the credentials are wrong and clears the password', async () => {
    stubApi(({ method, path }) => {
      if (path === '/api/v1/auth/me') return problem(401, 'auth.unauthenticated');
      if (method === 'POST' && path === '/api/v1/auth/login') {
        return problem(401, 'auth.invalid_credentials');
      }
      return undefined;
    });
    renderApp('/sign-in');
    await screen.findByRole('heading', { name: 'Sign in to Meridian' });
    signIn();
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The email or password is not correct.',
    );
    expect(screen.getByLabelText<HTMLInputElement>('Password').value).toBe('');
    // A wrong password is not a lost session: the page stays, without the expiry message.
    expect(screen.queryByText('Your session expired. Sign in again.')).toBeNull();
  });

  it('returns an expired session to sign-in with a message, remembering the page', async () => {
    stubApi(({ path }) =>
      path === '/api/v1/auth/me' ? problem(401, 'auth.session_expired') : undefined,
    );
    const { router } = renderApp('/admin/audit?action=auth.login');
    expect(await screen.findByText('Your session expired. Sign in again.')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe(
      `?next=${encodeURIComponent('/admin/audit?action=auth.login')}`,
    );
  });

  it('shows the enrolment step with the QR code and the key when the role requires TOTP', async () => {
    stubApi(({ method, path }) => {
      if (path === '/api/v1/auth/me') {
        return { status: 200, body: makeMe({ roles: ['admin'], state: 'mfa_enrolment_required' }) };
      }
      if (method === 'POST' && path === '/api/v1/auth/mfa/enrolment') {
        return {
          status: 200,
          body: {
            secret: 'JBSWY3DPEHPK3PXP',
            otpauthUrl: 'otpauth://totp/Meridian:ada?secret=JBSWY3DPEHPK3PXP',
            qrCodeDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
          },
        };
      }
      if (method === 'POST' && path === '/api/v1/auth/mfa/enrolment/confirm') {
        return { status: 200, body: { recoveryCodes: ['aaaa-bbbb-cccc', 'dddd-eeee-ffff'] } };
      }
      return undefined;
    });
    renderApp('/sign-in');
    expect(
      await screen.findByRole('heading', { name: 'Set up two-factor authentication' }),
    ).toBeTruthy();
    expect(await screen.findByAltText('QR code for your authenticator app')).toBeTruthy();
    expect(screen.getByTestId('totp-secret').textContent).toBe('JBSWY3DPEHPK3PXP');

    fireEvent.change(screen.getByLabelText('Authentication code'), {
      target: { value: '654321' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Verify and turn on' }));
    const codes = await screen.findByTestId('recovery-codes');
    expect(codes.textContent?.trim().split('\n')).toEqual(['aaaa-bbbb-cccc', 'dddd-eeee-ffff']);
    expect(screen.getByRole('button', { name: 'I have saved these codes' })).toBeTruthy();
  });
});
