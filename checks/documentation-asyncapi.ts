import { defineCheck } from './contract.js';
import { isTransient } from '../src/model/artifacts/broker.js';
import { table } from './lib/evidence.js';
import { Problems } from './lib/verdict.js';

const REFERENCES = [
  { title: 'AsyncAPI 3.0 specification', url: 'https://www.asyncapi.com/docs/reference/specification/v3.0.0' },
  { title: 'AsyncAPI AMQP bindings', url: 'https://github.com/asyncapi/bindings/tree/master/amqp' },
];

export const documentationAsyncapi = defineCheck({
  id: 'documentation.asyncapi',
  category: 'Documentation',
  basis: 'inferred',
  title: "The broker's channels are documented in a valid AsyncAPI document",
  failureTitle: 'The AsyncAPI document is missing, invalid or does not match the broker',
  description:
    "A broker system's spec: is an AsyncAPI 2.x or 3.0 document, validated against the official JSON Schema of its " +
    "version; its channels (addresses and amqp bindings) are matched with the broker's exchanges and queues, and " +
    'undocumented objects and channels naming nothing on the broker are listed. ' +
    'Learn more: https://www.asyncapi.com/docs/reference/specification/v3.0.0',
  requires: ['asyncapi', 'broker'],
  appliesTo: () => true,
  judge({ asyncapi, broker }) {
    const file = asyncapi.source;
    if (!file)
      return {
        status: 'fail',
        summary: 'No AsyncAPI document: set spec: to the AsyncAPI file that describes this broker',
        evidence: [],
        remediation: 'Write an AsyncAPI 3.0 document with one channel per exchange and queue, and name it in spec:.',
        references: REFERENCES,
      };
    const what = `AsyncAPI ${asyncapi.version} "${asyncapi.title}" ${asyncapi.documentVersion}`.trim();
    const problemsTable = table(
      'Schema problems',
      [
        { key: 'pointer', label: 'Pointer', type: 'code' },
        { key: 'line', label: 'Line', type: 'number' },
        { key: 'message', label: 'Problem', type: 'text' },
      ],
      asyncapi.problems.map((problem) => ({
        pointer: problem.pointer,
        line: problem.line,
        message: problem.message,
        file,
      })),
    );
    const first = asyncapi.problems[0];
    if (!asyncapi.valid)
      return {
        status: 'fail',
        summary: `The AsyncAPI document is invalid: ${asyncapi.problems.length} problem(s), first: ${first?.pointer || '/'} ${first?.message}`,
        evidence: [problemsTable],
        remediation:
          'Fix each problem at the pointer and line shown against the official schema of the version declared.',
        references: REFERENCES,
      };

    const queues = broker.samples[1].queues.filter((queue) => !isTransient(queue)).map((queue) => queue.name);
    const exchanges = broker.exchanges.filter((e) => e.name !== '' && !e.name.startsWith('amq.')).map((e) => e.name);
    const named = (kind: 'queue' | 'exchange') =>
      new Set(
        asyncapi.channels.flatMap((channel) =>
          [channel[kind], channel.address].filter((name): name is string => !!name),
        ),
      );
    const documentedQueues = named('queue');
    const documentedExchanges = named('exchange');
    const problems = new Problems();
    for (const queue of queues.filter((name) => !documentedQueues.has(name)))
      problems.warn(`undocumented queue ${queue}`);
    for (const exchange of exchanges.filter((name) => !documentedExchanges.has(name)))
      problems.warn(`undocumented exchange ${exchange}`);
    const onBroker = new Set([...queues, ...exchanges]);
    const absent = asyncapi.channels.filter((channel) => {
      const names = [channel.queue, channel.exchange].filter((name): name is string => !!name);
      if (names.length > 0) return names.some((name) => !onBroker.has(name));
      // a bare address is a routing key, a queue or an exchange: absent only when it names none and has no binding
      return channel.address !== undefined && !onBroker.has(channel.address) && !channel.address.includes('{');
    });
    for (const channel of absent) problems.warn(`channel ${channel.id} names nothing on the broker`);

    const evidence = [
      {
        kind: 'list' as const,
        title: what,
        items: [
          { label: 'Channels', value: asyncapi.channels.length },
          { label: 'Queues on the broker', value: queues.length },
          { label: 'Exchanges on the broker', value: exchanges.length },
        ],
      },
      table(
        'Channels',
        [
          { key: 'id', label: 'Channel', type: 'code' },
          { key: 'address', label: 'Address', type: 'code' },
          { key: 'exchange', label: 'Exchange', type: 'code' },
          { key: 'queue', label: 'Queue', type: 'code' },
          { key: 'line', label: 'Line', type: 'number' },
          { key: 'onBroker', label: 'On the broker', type: 'text' },
        ],
        asyncapi.channels.map((channel) => ({
          id: channel.id,
          address: channel.address,
          exchange: channel.exchange,
          queue: channel.queue,
          line: channel.line,
          onBroker: absent.includes(channel) ? 'no' : 'yes',
          file,
        })),
      ),
    ];
    return problems.verdict({
      pass: `${what} is valid and documents every exchange and queue (${asyncapi.channels.length} channels)`,
      evidence,
      remediation:
        'Add a channel (with its amqp binding: is: queue or is: routingKey with the exchange) for each undocumented object, ' +
        'and remove or fix the channels that name nothing on the broker.',
      references: REFERENCES,
      summaryLimit: 6,
      summaryPrefix: `${what} is valid`,
    });
  },
});
