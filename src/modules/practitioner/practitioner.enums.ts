import { registerEnumType } from 'type-graphql';

export enum Profession {
  PROSECUTOR = 'PROSECUTOR',
  JUDGE = 'JUDGE',
  INVESTIGATOR = 'INVESTIGATOR',
  CENTRAL_AUTHORITY = 'CENTRAL_AUTHORITY',
  POLICY_MAKER = 'POLICY_MAKER',
  DEFENCE_LAWYER = 'DEFENCE_LAWYER',
  ACADEMIC = 'ACADEMIC',
  INTERNATIONAL_ORGANIZATION = 'INTERNATIONAL_ORGANIZATION',
  OTHER = 'OTHER',
}
registerEnumType(Profession, {
  name: 'Profession',
  description: 'The professional role of a practitioner in criminal justice.',
  valuesConfig: {
    PROSECUTOR: { description: 'Public prosecutor.' },
    JUDGE: { description: 'Judge or investigating judge.' },
    INVESTIGATOR: { description: 'Police or other criminal investigator.' },
    CENTRAL_AUTHORITY: {
      description: 'Official of a central authority for extradition or mutual legal assistance.',
    },
    POLICY_MAKER: { description: 'Ministry official or other policy maker.' },
    DEFENCE_LAWYER: { description: 'Defence counsel.' },
    ACADEMIC: { description: 'Researcher or lecturer.' },
    INTERNATIONAL_ORGANIZATION: { description: 'Staff of an international or regional organization.' },
    OTHER: { description: 'Another criminal-justice profession.' },
  },
});

export enum ContactVisibility {
  NOBODY = 'NOBODY',
  CONTACTS = 'CONTACTS',
  VERIFIED_MEMBERS = 'VERIFIED_MEMBERS',
}
registerEnumType(ContactVisibility, {
  name: 'ContactVisibility',
  description:
    'Who may see a practitioner’s e-mail and phone. The owner, moderators and admins always may; anonymous callers never.',
  valuesConfig: {
    NOBODY: { description: 'Nobody else.' },
    CONTACTS: { description: 'Only the practitioner’s accepted contacts.' },
    VERIFIED_MEMBERS: { description: 'Every verified member.' },
  },
});
