/** Events 22–28: roles, groups, permissions and authorization decisions (docs/design/semconv.md#events). */
import { event, ocsf, severity, when } from './define.js';
import type { CimEventMapping, EcsEventMapping, EventDefinition } from './types.js';

/** One category and one type per event (ES|QL `==` is null on multi-valued fields). */
const userChange: EcsEventMapping = { kind: 'event', category: ['iam'], type: ['change'] };
const accountsUpdated = (extra: Partial<CimEventMapping> = {}): CimEventMapping => ({
  model: 'Change',
  dataset: 'All_Changes.Account_Management.Accounts_Updated',
  tags: ['change', 'account'],
  action: 'updated',
  changeType: 'AAA',
  objectCategory: 'user',
  ...extra,
});
const same = <T>(mapping: T) => ({ '1.8.0': mapping, '1.9.0': mapping });
const ROLE_OP = 'security_event.access.role.operation';
const share = ocsf(6, 6001, 'Web Resources Activity', 8, 'Share', 600108);

/** Access-control events. */
export const accessEvents: readonly EventDefinition[] = [
  event('access.role.grant', {
    id: 22,
    category: 'access',
    description: 'A role was granted to a user.',
    required: ['security_event.target.user.id', 'security_event.access.role.name'],
    recommended: [
      'security_event.target.user.name',
      'security_event.access.role.privileged',
      'security_event.access.scope',
      'security_event.access.role.previous',
      'security_event.access.role.new',
      'security_event.justification',
    ],
    severity: severity(13, 13),
    errorTypes: ['not_permitted', 'sod_conflict'],
    ecs: {
      ...userChange,
      // The granted role itself (role.new, the whole set after the grant, goes to user.target.roles).
      fields: { 'security_event.access.role.name': 'user.changes.roles' },
    },
    ocsf: {
      '1.8.0': ocsf(3, 3005, 'User Access Management', 1, 'Assign Privileges', 300501),
      '1.9.0': ocsf(3, 3007, 'User Management', 16, 'Assign Roles', 300716),
    },
    cim: accountsUpdated({ objectAttrs: ['role'] }),
    datadog: { evtName: 'access' },
    compliance: { soc2: ['CC6.3', 'CC6.2'], pci: ['10.2.1.5'], owasp: ['authz_change'] },
  }),
  event('access.role.revoke', {
    id: 23,
    category: 'access',
    description: 'A role was revoked from a user.',
    required: ['security_event.target.user.id', 'security_event.access.role.name'],
    recommended: ['security_event.target.user.name', 'security_event.access.scope'],
    severity: severity(13, 13),
    errorTypes: ['not_permitted'],
    ecs: userChange,
    ocsf: {
      '1.8.0': ocsf(3, 3005, 'User Access Management', 2, 'Revoke Privileges', 300502),
      '1.9.0': ocsf(3, 3007, 'User Management', 17, 'Remove Roles', 300717),
    },
    cim: accountsUpdated({ objectAttrs: ['role'] }),
    datadog: { evtName: 'access' },
    compliance: { soc2: ['CC6.3'], pci: ['10.2.1.5'], owasp: ['authz_change'] },
  }),
  event('access.group.member.add', {
    id: 24,
    category: 'access',
    description: 'A user was added to a group.',
    required: ['security_event.target.user.id', 'security_event.target.group.id'],
    recommended: ['security_event.target.group.name'],
    severity: severity(13, 13),
    errorTypes: ['not_permitted'],
    ecs: { ...userChange, notes: 'user.target.group.* = the group' },
    ocsf: same(ocsf(3, 3006, 'Group Management', 3, 'Add User', 300603)),
    cim: accountsUpdated({ objectCategory: 'group' }),
    datadog: { evtName: 'access' },
    compliance: { soc2: ['CC6.3'], pci: ['10.2.1.5'], owasp: ['authz_change'] },
  }),
  event('access.group.member.remove', {
    id: 25,
    category: 'access',
    description: 'A user was removed from a group.',
    required: ['security_event.target.user.id', 'security_event.target.group.id'],
    severity: severity(13, 13),
    errorTypes: ['not_permitted'],
    ecs: userChange,
    ocsf: same(ocsf(3, 3006, 'Group Management', 4, 'Remove User', 300604)),
    cim: accountsUpdated({ objectCategory: 'group' }),
    datadog: { evtName: 'access' },
    compliance: { soc2: ['CC6.3'], pci: ['10.2.1.5'], owasp: ['authz_change'] },
  }),
  event('access.role.definition.update', {
    id: 26,
    category: 'access',
    description: "A role's definition was created, changed or deleted (its permissions).",
    required: ['security_event.access.role.name', 'security_event.access.role.operation'],
    recommended: ['security_event.access.permissions', 'security_event.justification'],
    severity: severity(13, 13),
    errorTypes: ['not_permitted'],
    ecs: {
      kind: 'event',
      category: ['iam'],
      type: ['change'],
      variants: [
        when(ROLE_OP, 'create', { category: ['iam'], type: ['creation'] }),
        when(ROLE_OP, 'delete', { category: ['iam'], type: ['deletion'] }),
      ],
    },
    ocsf: {
      '1.8.0': {
        ...ocsf(3, 3004, 'Entity Management', 3, 'Update', 300403),
        hints: { 'entity.type': 'Role' },
        variants: [
          when(ROLE_OP, 'create', ocsf(3, 3004, 'Entity Management', 1, 'Create', 300401)),
          when(ROLE_OP, 'delete', ocsf(3, 3004, 'Entity Management', 4, 'Delete', 300404)),
        ],
      },
      '1.9.0': {
        ...ocsf(3, 3008, 'Role Management', 2, 'Update', 300802),
        variants: [
          when(ROLE_OP, 'create', ocsf(3, 3008, 'Role Management', 1, 'Create', 300801)),
          when(ROLE_OP, 'delete', ocsf(3, 3008, 'Role Management', 3, 'Delete', 300803)),
        ],
      },
    },
    cim: {
      model: 'Change',
      dataset: 'All_Changes',
      tags: ['change'],
      action: 'updated',
      changeType: 'AAA',
      objectCategory: 'role',
      variants: [when(ROLE_OP, 'create', { action: 'created' }), when(ROLE_OP, 'delete', { action: 'deleted' })],
    },
    datadog: { evtName: 'access' },
    compliance: { soc2: ['CC6.3', 'CC8.1'], pci: ['10.2.1.5', '10.2.1.7'], owasp: ['privilege_permissions_changed'] },
  }),
  event('access.permission.change', {
    id: 27,
    category: 'access',
    description: 'Permissions on an object changed (ACL, sharing; external = shared outside the tenant).',
    required: [
      'security_event.target.resource.type',
      'security_event.target.resource.id',
      'security_event.access.permissions',
    ],
    recommended: ['security_event.target.user.id', 'security_event.access.external', 'security_event.access.scope'],
    severity: severity(13, 13),
    errorTypes: ['not_permitted'],
    ecs: { kind: 'event', category: ['iam'], type: ['change'] },
    ocsf: {
      '1.8.0': {
        ...ocsf(3, 3005, 'User Access Management', 1, 'Assign Privileges', 300501),
        variants: [when('security_event.access.external', true, share)],
        notes: 'resources = the object',
      },
      '1.9.0': {
        ...ocsf(3, 3007, 'User Management', 14, 'Assign Privileges', 300714),
        variants: [when('security_event.access.external', true, share)],
      },
    },
    cim: { model: 'Change', dataset: 'All_Changes', tags: ['change'], action: 'acl_modified', changeType: 'AAA' },
    datadog: { evtName: 'access' },
    compliance: { soc2: ['CC6.3', 'CC6.7'], pci: ['10.2.1.5'], owasp: ['privilege_permissions_changed'] },
  }),
  event('authorization.check', {
    id: 28,
    category: 'authorization',
    description:
      'An authorization decision: failure = denied (emitted by default), success = allowed (opt-in, ASVS L3 / PCI cardholder data).',
    required: ['security_event.authz.permission', 'security_event.target.resource.type'],
    recommended: ['security_event.target.resource.id', 'security_event.authz.policy', 'http.route'],
    severity: severity(9, 20),
    errorTypes: [
      'insufficient_permissions',
      'tenant_mismatch',
      'resource_not_owned',
      'policy_denied',
      'step_up_required',
    ],
    ecs: {
      kind: 'event',
      category: ['api'],
      type: ['denied'],
      variants: [when('security_event.outcome', 'success', { category: ['api'], type: ['allowed'] })],
    },
    ocsf: same({
      ...ocsf(6, 6004, 'Web Resource Access Activity', 2, 'Access Deny', 600402),
      variants: [
        when(
          'security_event.outcome',
          'success',
          ocsf(6, 6004, 'Web Resource Access Activity', 1, 'Access Grant', 600401),
        ),
      ],
      notes: 'security-control profile action_id: 2 Denied on failure, 1 Allowed on success',
    }),
    cim: {
      model: 'Web',
      dataset: 'Web',
      tags: ['web'],
      action: 'blocked',
      variants: [when('security_event.outcome', 'success', { action: 'allowed' })],
      notes: 'CIM has no dedicated authorization model',
    },
    datadog: { evtName: 'authorization' },
    compliance: { soc2: ['CC6.1', 'CC6.3', 'CC7.2'], pci: ['10.2.1.4'], owasp: ['authz_fail'] },
  }),
];
