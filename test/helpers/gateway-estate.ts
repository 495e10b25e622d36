/**
 * junction.yaml of the gateway estate the Flows page's e2e tests drive: shop and crm (known by their User-Agents)
 * call orders and billing through an nginx gateway whose log is the one source; billing → ledger is declared and in
 * no log. `extra` adds fields to a system's entry (`spec: orders.yaml`), `names` renames one.
 */
export function gatewayEstateYaml(options: {
  name: string;
  gatewayUrl: string;
  ordersUrl: string;
  billingUrl: string;
  names?: Partial<Record<'orders' | 'billing', string>>;
  extra?: Partial<Record<'orders' | 'billing' | 'ledger', string>>;
}): string {
  const extra = (id: 'orders' | 'billing' | 'ledger') => (options.extra?.[id] ? `, ${options.extra[id]}` : '');
  return `version: 1
name: ${options.name}
systems:
  - { id: gateway, name: Edge gateway, baseUrl: "${options.gatewayUrl}", tags: [gateway] }
  - { id: orders, name: ${options.names?.orders ?? 'Orders service'}, baseUrl: "${options.ordersUrl}"${extra('orders')} }
  - { id: billing, name: ${options.names?.billing ?? 'Billing service'}, baseUrl: "${options.billingUrl}"${extra('billing')} }
  - { id: shop, name: Web shop, baseUrl: "https://shop.example", aliases: [svc/shop] }
  - { id: crm, name: CRM, baseUrl: "https://crm.example", aliases: [svc/crm] }
  - { id: ledger, name: Ledger, baseUrl: "https://ledger.example"${extra('ledger')} }
flows:
  - { from: shop, to: gateway }
  - { from: gateway, to: orders }
  - { from: crm, to: gateway }
  - { from: gateway, to: billing }
  - { from: billing, to: ledger }
logSources:
  - { id: gateway-log, type: nginx-combined, path: gateway.log, system: gateway, clientIdentity: user-agent }
`;
}
