import { isCalendarDate, type ContactData, type FieldValue } from './contact-upsert-schema';
import { YES_NO_VALUES, type Campaign, type CampaignField } from './campaign-schema';
import type { QomonError } from './problem';

type FieldArrayKey = 'actions' | 'custom_fields' | 'forms' | 'name_presences' | 'status';

/** Where each advanced field of the upsert finds its ids in the campaign file. */
export function campaignFields(campaign: Campaign): Record<FieldArrayKey, CampaignField[]> {
  return {
    actions: campaign.tasks,
    custom_fields: campaign.customFields,
    forms: campaign.surveys.flatMap((s) => s.questions),
    name_presences: campaign.doorOutcomes,
    status: campaign.supportLevels,
  };
}

const NUMBER_RE = /^-?\d+(\.\d+)?$/;

function valueProblem(field: CampaignField, value: string): string | undefined {
  switch (field.type) {
    case 'text':
      return undefined;
    case 'number':
      return NUMBER_RE.test(value) ? undefined : `"${field.label}" takes a number`;
    case 'date':
      return isCalendarDate(value) ? undefined : `"${field.label}" takes a date written YYYY-MM-DD`;
    case 'yesno':
      return (YES_NO_VALUES as readonly string[]).includes(value) ? undefined : `"${field.label}" takes ${YES_NO_VALUES.join(' or ')}`;
    case 'single':
    case 'multiple':
      return field.options?.some((o) => o.value === value) ? undefined : `"${value}" is not a choice of "${field.label}"`;
  }
}

/**
 * Checks every campaign-bound id and value of a parsed contact against the campaign: consents
 * (exact value), custom fields, survey answers, support levels, tasks, door outcomes and the age
 * category; and that required custom fields are answered. Returns Qomon-style errors, empty when
 * all is well.
 */
export function checkAgainstCampaign(data: ContactData, campaign: Campaign, prefix = 'body.data'): QomonError[] {
  const errors: QomonError[] = [];
  const at = (...path: (string | number)[]) => [prefix, ...path].join('.');

  data.consents?.forEach((item, i) => {
    const consent = campaign.consents.find((c) => c.id === item.id);
    if (!consent) errors.push({ location: at('consents', i, 'id'), message: 'Unknown consent for this campaign', value: item.id });
    else if (item.value !== consent.value)
      errors.push({
        location: at('consents', i, 'value'),
        message: `Consent "${consent.label}" takes the value ${consent.value}`,
        value: item.value,
      });
  });

  const fields = campaignFields(campaign);
  for (const key of Object.keys(fields) as FieldArrayKey[]) {
    const items: FieldValue[] = data[key] ?? [];
    const counts = new Map<number, number>();
    items.forEach((item, i) => {
      const field = fields[key].find((f) => f.id === item.id);
      if (!field) {
        errors.push({ location: at(key, i, 'id'), message: 'Unknown id for this campaign', value: item.id });
        return;
      }
      const n = (counts.get(item.id) ?? 0) + 1;
      counts.set(item.id, n);
      if (n > 1 && field.type !== 'multiple') {
        errors.push({ location: at(key, i, 'id'), message: `"${field.label}" takes one answer`, value: item.id });
      }
      const problem = item.value === undefined ? undefined : valueProblem(field, item.value);
      if (problem) errors.push({ location: at(key, i, 'value'), message: problem, value: item.value });
    });
  }

  campaign.customFields.forEach((field) => {
    if (field.required && !data.custom_fields?.some((c) => c.id === field.id)) {
      errors.push({ location: at('custom_fields'), message: `"${field.label}" is required`, value: field.id });
    }
  });

  if (data.age_category !== undefined && !campaign.ageCategories.some((a) => a.id === data.age_category)) {
    errors.push({ location: at('age_category'), message: 'Unknown age category for this campaign', value: data.age_category });
  }
  return errors;
}
