import type { Payer } from '@meridian/contracts';
import type { CreatePayerBody, UpdatePayerBody } from './payers.api';

export interface PayerValues {
  name: string;
  payerId: string;
  phone: string;
  address: {
    line1: string;
    line2: string;
    city: string;
    state: string;
    postalCode: string;
    country: string;
  };
}

/** The form's field paths, which are also the body's: server field errors land on them. */
export const payerFields = [
  'name',
  'payerId',
  'phone',
  'address',
  'address.line1',
  'address.line2',
  'address.city',
  'address.state',
  'address.postalCode',
  'address.country',
] as const;

export function payerInitialValues(payer: Payer | null): PayerValues {
  const a = payer?.address;
  return {
    name: payer?.name ?? '',
    payerId: payer?.payerId ?? '',
    phone: payer?.phone ?? '',
    address: {
      line1: a?.line1 ?? '',
      line2: a?.line2 ?? '',
      city: a?.city ?? '',
      state: a?.state ?? '',
      postalCode: a?.postalCode ?? '',
      country: a?.country ?? 'US',
    },
  };
}

function optional(v: string): string | undefined {
  return v.trim() ? v.trim() : undefined;
}

/** The address, or undefined when every line of it is blank (the country alone says nothing). */
function addressOf(values: PayerValues): CreatePayerBody['address'] {
  const a = values.address;
  if (![a.line1, a.line2, a.city, a.state, a.postalCode].some((v) => v.trim())) return undefined;
  return {
    line1: a.line1,
    line2: optional(a.line2),
    city: a.city,
    state: optional(a.state),
    postalCode: optional(a.postalCode),
    country: a.country.trim().toUpperCase(),
  };
}

/**
 * The body to send. A create leaves blank optional fields out; an update sends them as
 * null, which clears them.
 */
export function payerCreateBody(values: PayerValues): CreatePayerBody {
  const phone = optional(values.phone);
  const address = addressOf(values);
  return {
    name: values.name,
    payerId: values.payerId.trim(),
    ...(phone ? { phone } : {}),
    ...(address ? { address } : {}),
  };
}

export function payerUpdateBody(values: PayerValues): UpdatePayerBody {
  return {
    name: values.name,
    payerId: values.payerId.trim(),
    phone: optional(values.phone) ?? null,
    address: addressOf(values) ?? null,
  };
}
