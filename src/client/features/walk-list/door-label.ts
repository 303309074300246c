import type { DoorAddress } from '@shared/turf-schema';
import type { WalkListText } from './walk-list-text-en';

type LabelText = Pick<WalkListText, 'building' | 'floor' | 'door' | 'noNumber'>;

/** The number as a canvasser reads it on the wall: "3 bis", or "no number". */
export function doorNumber(address: DoorAddress, text: LabelText): string {
  return [address.housenumber, address.addition].filter(Boolean).join(' ') || text.noNumber;
}

/** Which flat: "building A, floor 2, door 21"; empty for a house. */
export function flatLabel(address: DoorAddress, text: LabelText): string {
  return [
    address.building && text.building(address.building),
    address.floor && text.floor(address.floor),
    address.door && text.door(address.door),
  ]
    .filter(Boolean)
    .join(', ');
}

/** The whole door in one line: "3 bis Rue Cler, building A, floor 2". */
export function doorLabel(address: DoorAddress, text: LabelText): string {
  const flat = flatLabel(address, text);
  const street = address.housenumber ? `${doorNumber(address, text)} ${address.street}` : address.street;
  return flat ? `${street}, ${flat}` : street;
}
