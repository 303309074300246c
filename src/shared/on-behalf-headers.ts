// A shared tablet delivers the contacts of a canvasser who has since signed out: the drain sends
// them under the current session with these two headers, and the server records them under their
// author only when the token proves that the author signed in on this very device (see
// docs/decisions/0011-shared-tablets-on-behalf-delivery.md).

/** The author's canvasser id. */
export const ON_BEHALF_HEADER = 'Doorstep-On-Behalf-Of';
/** The author token the server gave this device at the author's sign-in, kept with the item. */
export const AUTHOR_TOKEN_HEADER = 'Doorstep-Author-Token';
