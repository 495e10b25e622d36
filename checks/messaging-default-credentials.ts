import { defineCheck } from './contract.js';

const REFERENCES = [
  { title: 'RabbitMQ: the default user', url: 'https://www.rabbitmq.com/docs/access-control#default-state' },
  {
    title: 'OWASP: default credentials',
    url: 'https://owasp.org/www-project-top-ten/2017/A2_2017-Broken_Authentication',
  },
];

export const messagingDefaultCredentials = defineCheck({
  id: 'messaging.default-credentials',
  category: 'Security',
  basis: 'observed',
  title: 'The broker refuses its default account',
  failureTitle: 'The broker accepts guest/guest',
  description:
    'RabbitMQ creates the account guest/guest on first start; anyone who can reach it can read and, with its ' +
    'administrator tag, change everything. Asked with one GET of /api/whoami as guest/guest: never a write. ' +
    'Learn more: https://www.rabbitmq.com/docs/access-control#default-state',
  requires: ['brokerGuest'],
  owasp: ['API2:2023', 'API8:2023'],
  appliesTo: () => true,
  judge({ brokerGuest: guest }) {
    const evidence = [
      {
        kind: 'list' as const,
        title: 'GET /api/whoami as guest/guest',
        items: [
          { label: 'URL', value: guest.url },
          { label: 'Status', value: guest.status ?? null },
          { label: 'Error', value: guest.error ?? null },
          { label: 'Tags of guest', value: guest.tags?.join(', ') ?? null },
        ],
      },
    ];
    if (guest.status === undefined)
      return { status: 'error', summary: `The management API did not answer: ${guest.error}`, evidence };
    if (guest.status === 200)
      return {
        status: 'fail',
        summary: `The management API accepts guest/guest${guest.tags?.length ? ` (tags: ${guest.tags.join(', ')})` : ''}`,
        evidence,
        remediation:
          'Delete the guest user (rabbitmqctl delete_user guest) or set default_user and default_pass in rabbitmq.conf ' +
          'before the first start; give each application its own user with only the permissions it needs.',
        references: REFERENCES,
      };
    if (guest.status === 401 || guest.status === 403)
      return {
        status: 'pass',
        summary: `guest/guest is refused (HTTP ${guest.status})`,
        evidence,
        references: REFERENCES,
      };
    return {
      status: 'error',
      summary: `The management API answered HTTP ${guest.status}: whether guest is accepted is unknown`,
      evidence,
    };
  },
});
