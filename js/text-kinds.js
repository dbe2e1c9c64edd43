// The message key naming each kind of personal detail the core's text scan
// reports (src/text/mod.rs `Kind`, serialised in snake_case): the typing
// marker and the popup say them the same way.
export const TEXT_KIND_KEYS = {
  sharer_link: 'kindSharerLink',
  share_short_link: 'kindShareShortLink',
  tracking_link: 'kindTrackingLink',
  never_publish: 'kindNeverPublish',
  phone: 'kindPhone',
  email: 'kindEmail',
  street_address: 'kindStreetAddress',
  coordinates: 'kindCoordinates',
  immigration_id: 'kindImmigrationId',
};

/** The message key for `kind`, or the general one for a kind added later. */
export const textKindKey = (kind) => (Object.hasOwn(TEXT_KIND_KEYS, kind) ? TEXT_KIND_KEYS[kind] : 'kindOther');
