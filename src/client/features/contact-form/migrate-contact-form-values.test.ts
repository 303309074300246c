import { describe, expect, it } from 'vitest';
import exampleCampaignJson from '@config/example-campaign.json';
import { type Campaign, campaignSchema } from '@shared/campaign-schema';
import { emptyContactFormValues, FORM_VERSION } from './contact-form-values';
import { migrateContactFormValues } from './migrate-contact-form-values';

const campaign: Campaign = campaignSchema.parse(exampleCampaignJson);

describe('migrateContactFormValues', () => {
  it('gives back values of this version as they were', () => {
    const values = emptyContactFormValues(campaign);
    values.firstname = 'Ada';
    values.address.street = 'rue Chevreul';
    values.tags = ['logement'];
    values.notes = [{ content: 'Rappeler', pinned: true }];
    const multiple = Object.keys(values.answers).find((k) => Array.isArray(values.answers[k]));
    if (multiple) values.answers[multiple] = ['a', 'b'];
    expect(migrateContactFormValues(JSON.parse(JSON.stringify(values)), FORM_VERSION, campaign)).toEqual(values);
  });

  it('fills what an older draft lacks, and drops what the form no longer has', () => {
    const migrated = migrateContactFormValues(
      {
        firstname: 'Ada',
        address: { street: 'rue Chevreul' },
        answers: { status_999: 'gone' },
        retired_field: 'x',
        black_list: 'yes',
        notes: [],
      },
      FORM_VERSION,
      campaign,
    )!;
    const empty = emptyContactFormValues(campaign);
    expect(migrated.firstname).toBe('Ada');
    expect(migrated.address).toEqual({ ...empty.address, street: 'rue Chevreul' });
    expect(migrated.answers).toEqual(empty.answers);
    expect(migrated).not.toHaveProperty('retired_field');
    // A value of the wrong type gives way to the empty one.
    expect(migrated.black_list).toBe(false);
    expect(migrated.notes).toEqual([{ content: '', pinned: false }]);
  });

  it('refuses what it cannot read (a newer version, not values at all), so the caller keeps it untouched', () => {
    expect(migrateContactFormValues({ firstname: 'Ada' }, FORM_VERSION + 1, campaign)).toBeUndefined();
    expect(migrateContactFormValues('Ada', FORM_VERSION, campaign)).toBeUndefined();
    expect(migrateContactFormValues(null, FORM_VERSION, campaign)).toBeUndefined();
  });

  it('opens a version 1 draft (before consent proofs): its answers kept, its proofs empty, none made up', () => {
    const v1 = JSON.parse(JSON.stringify(emptyContactFormValues(campaign)));
    delete v1.consentProofs;
    v1.firstname = 'Ada';
    v1.consents.consents_101 = 'yes';
    const migrated = migrateContactFormValues(v1, 1, campaign)!;
    expect(FORM_VERSION).toBe(2);
    expect(migrated.firstname).toBe('Ada');
    expect(migrated.consents.consents_101).toBe('yes');
    expect(migrated.consentProofs).toEqual({
      consents_101: { noticeVersion: '', at: '' },
      consents_102: { noticeVersion: '', at: '' },
      consents_103: { noticeVersion: '', at: '' },
    });
  });

  it('keeps a proof as it was recorded, under a notice version older than the campaign’s', () => {
    const values = emptyContactFormValues(campaign);
    values.consents.consents_102 = 'no';
    values.consentProofs.consents_102 = { noticeVersion: '2026-09', at: '2026-11-30T09:00:00.000Z' };
    const migrated = migrateContactFormValues(JSON.parse(JSON.stringify(values)), FORM_VERSION, campaign)!;
    expect(migrated.consentProofs.consents_102).toEqual({ noticeVersion: '2026-09', at: '2026-11-30T09:00:00.000Z' });
  });
});
