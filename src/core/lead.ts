/** The investment lead: what the bot collects from an investor and hands to staff. In `core/` because dialog, leads, the store and the understanding models all read it. */
import { z } from 'zod';

/** Mainland mobile (1[3-9] + 9 digits), optionally +86, or a landline with its area code (0xx-xxxxxxx). */
export const PHONE_RE = /^(?:(?:\+86)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** A WeChat id: 6–20 characters, starting with a letter; letters, digits, '_' and '-'. */
export const WECHAT_RE = /^[A-Za-z][-_A-Za-z0-9]{5,19}$/;

/** An investment amount with the investor's own wording. */
export const investmentSchema = z.object({
  /** Amount in units of 10,000 (万) of `currency`. */
  amountWan: z.number().positive(),
  currency: z.enum(['CNY', 'USD']).default('CNY'),
  /** As the investor wrote it. */
  text: z.string().min(1).max(100),
});

/** A land or floor-space need with the investor's own wording. */
export const landSchema = z.object({
  value: z.number().positive(),
  unit: z.enum(['mu', 'm2', 'acre']),
  text: z.string().min(1).max(100),
});

/** Every field is optional while capturing; a contact (phone or WeChat id) is required to submit. */
export const leadSchema = z.object({
  company: z.string().min(1).max(120).optional(),
  contactName: z.string().min(1).max(60).optional(),
  phone: z.string().regex(PHONE_RE).optional(),
  wechatId: z.string().regex(WECHAT_RE).optional(),
  industry: z.string().min(1).max(60).optional(),
  investment: investmentSchema.optional(),
  landOrSpace: landSchema.optional(),
  timeline: z.string().min(1).max(100).optional(),
  /** One line: what the investor said they want. */
  description: z.string().min(1).max(300).optional(),
});

export type Lead = z.infer<typeof leadSchema>;
export type LeadField = keyof Lead;

/** Personal data of the investor (erased on a data-subject request and after retention). */
export const PERSONAL_FIELDS: LeadField[] = ['contactName', 'phone', 'wechatId'];

/** True when the lead carries a way to reach the investor (required to submit a captured lead). */
export function hasContact(lead: Lead): boolean {
  return Boolean(lead.phone || lead.wechatId);
}

/** Flatten a lead for staff views and CSV: plain strings and numbers only. */
export function flattenLead(lead: Lead): Record<string, string | number | undefined> {
  return {
    company: lead.company,
    contactName: lead.contactName,
    phone: lead.phone,
    wechatId: lead.wechatId,
    industry: lead.industry,
    investment: lead.investment?.text,
    investmentWan: lead.investment?.amountWan,
    investmentCurrency: lead.investment ? lead.investment.currency : undefined,
    landOrSpace: lead.landOrSpace?.text,
    landValue: lead.landOrSpace?.value,
    landUnit: lead.landOrSpace?.unit,
    timeline: lead.timeline,
    description: lead.description,
  };
}

/** Parse stored JSON into a Lead, dropping anything invalid rather than failing a read. */
export function parseStoredLead(json: string | null | undefined): Lead {
  if (!json) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return {};
  }
  const ok = leadSchema.safeParse(raw);
  if (ok.success) return ok.data;
  // Keep the valid fields one by one: an old row with one bad field must not lose the rest.
  const out: Record<string, unknown> = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) {
      const shape = leadSchema.shape as Record<string, z.ZodType>;
      if (shape[k]?.safeParse(v).success) out[k] = v;
    }
  }
  return out as Lead;
}

/** Keys that identify the same person across leads: phone digits (no +86) and the lower-cased WeChat id. */
export function contactKeys(lead: Lead): { phone?: string; wechat?: string } {
  const phone = lead.phone ? lead.phone.replace(/^\+86/, '').replace(/\D/g, '') : undefined;
  const wechat = lead.wechatId ? lead.wechatId.toLowerCase() : undefined;
  return { phone: phone || undefined, wechat };
}
