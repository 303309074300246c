import { describe, expect, it } from 'vitest';
import exampleCampaignJson from '@config/example-campaign.json';
import { type Campaign, campaignSchema } from '@shared/campaign-schema';
import { describeContact } from './describe-contact';
import { emptyContactFormValues, nextDoorValues, sameHouseholdValues, type ContactFormValues } from './contact-form-values';

const campaign: Campaign = campaignSchema.parse(exampleCampaignJson);

function filled(): ContactFormValues {
  const v = emptyContactFormValues(campaign);
  Object.assign(v.address, {
    street: 'rue Béchevelin',
    housenumber: '12',
    addition: 'bis',
    building: 'B',
    floor: '3',
    door: '31',
    postalcode: '69007',
    city: 'Lyon',
    citycode: '69387',
    pollingstation: '712',
    infos: 'Digicode 4512',
    latitude: '45.750000',
    longitude: '4.840000',
  });
  Object.assign(v, { firstname: 'Marie', surname: 'Dupont', mail: 'marie@example.org', black_list: true, tags: ['logement'] });
  v.consents.consents_101 = 'yes';
  v.answers.custom_fields_605 = ['tractage'];
  v.answers.name_presences_201 = 'present';
  v.notes = [{ content: 'Rappeler', pinned: true }];
  return v;
}

describe('the form values', () => {
  it('start empty: no consent given, multiple choices as empty lists, one empty note, the campaign’s country', () => {
    const v = emptyContactFormValues(campaign);
    expect(v.consents).toEqual({ consents_101: '', consents_102: '', consents_103: '' });
    expect(v.answers.custom_fields_605).toEqual([]);
    expect(v.answers.status_301).toBe('');
    expect(v.notes).toEqual([{ content: '', pinned: false }]);
    expect(v.address.country).toBe('France');
    // Plain JSON, so that a draft can keep them.
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });

  it('next door keeps the street and the rest of the address, and clears the number, the door and the person', () => {
    const next = nextDoorValues(filled(), campaign);
    const empty = emptyContactFormValues(campaign);
    expect(next.address).toEqual({
      ...filled().address,
      housenumber: '',
      addition: '',
      door: '',
      latitude: '',
      longitude: '',
    });
    expect({ ...next, address: undefined }).toEqual({ ...empty, address: undefined });
  });

  it('same household keeps the whole address and clears the person', () => {
    const same = sameHouseholdValues(filled(), campaign);
    expect(same.address).toEqual(filled().address);
    expect({ ...same, address: undefined }).toEqual({ ...emptyContactFormValues(campaign), address: undefined });
  });

  it('describes a contact in one line for the confirmation', () => {
    expect(describeContact(filled())).toBe('Marie Dupont · 12 bis rue Béchevelin, Lyon');
    expect(describeContact({ ...emptyContactFormValues(campaign), mail: 'a@b.fr' })).toBe('a@b.fr');
  });
});
