/**
 * Public detection content for the seed alerts (Elastic detection-rules, SigmaHQ), described by what a port to
 * seclog needs — facts read from each rule, not its text: the seclog catalog event the rule's vendor event becomes,
 * and the ECS fields its logic reads (with the operator it applies). `evaluate.ts` checks them against seclog's ECS
 * projection of that event, before and after the detections issue.
 *
 * Sources: elastic/detection-rules @ 14cf530f0d, SigmaHQ/sigma @ 8eaafff1f (paths below).
 */
import type { AlertCategory } from '../src/rule-pack.js';

/** What a rule does with a field: reads it (`present`), compares it with `==` (ES|QL: null on a multi-valued field). */
export type FieldUse = 'present' | 'equals';

/** One public rule. */
export interface PublicRule {
  readonly source: string;
  readonly engine: 'kql' | 'esql' | 'eql' | 'sigma';
  readonly alert: AlertCategory;
  /** The rule's own scope (dataset) and event constant: what "as-is" would have to find on seclog data. */
  readonly asIs: { readonly dataset: string; readonly action: string };
  /** The seclog catalog event the vendor event ports to, and the outcome the rule requires (if any). */
  readonly portTo: { readonly event: string; readonly outcome?: 'success' | 'failure' };
  /** ECS fields the rule's logic needs once ported (beyond scope, action and outcome). */
  readonly needs: Readonly<Record<string, FieldUse>>;
  readonly why: string;
}

const E = 'elastic/detection-rules:rules/integrations';
const S = 'SigmaHQ/sigma:rules';

/** The evaluated rules: at least one per alert category, Elastic first. */
export const PUBLIC_RULES: readonly PublicRule[] = [
  {
    source: `${E}/okta/credential_access_okta_password_spray_single_source.toml`,
    engine: 'esql',
    alert: 'password_spraying',
    asIs: { dataset: 'okta.system', action: 'user.session.start' },
    portTo: { event: 'security_event.authentication.login', outcome: 'failure' },
    needs: { 'event.reason': 'equals', 'user.name': 'present', 'source.ip': 'present' },
    why: 'distinct accounts per source address, failure reason INVALID_CREDENTIALS',
  },
  {
    source: `${E}/okta/credential_access_okta_brute_force_multi_source.toml`,
    engine: 'esql',
    alert: 'brute_force',
    asIs: { dataset: 'okta.system', action: 'user.session.start' },
    portTo: { event: 'security_event.authentication.login', outcome: 'failure' },
    needs: {
      'user.name': 'present',
      'source.ip': 'present',
      'source.as.number': 'present',
      'client.geo.country_iso_code': 'present',
    },
    why: 'one account, many sources: distinct addresses, ASNs and countries',
  },
  {
    source: `${E}/azure/credential_access_entra_id_brute_force_activity.toml`,
    engine: 'esql',
    alert: 'brute_force',
    asIs: { dataset: 'azure.signinlogs', action: 'Sign-in activity' },
    portTo: { event: 'security_event.authentication.login', outcome: 'failure' },
    needs: { 'event.category': 'equals', 'user.name': 'present', 'user.id': 'present', 'source.ip': 'present' },
    why: 'event.category == "authentication" and failures per user; the user id of existing accounts',
  },
  {
    source: `${E}/okta/persistence_mfa_deactivation_with_no_reactivation.toml`,
    engine: 'eql',
    alert: 'mfa_disabled',
    asIs: { dataset: 'okta.system', action: 'user.mfa.factor.deactivate' },
    portTo: { event: 'security_event.mfa.factor.remove', outcome: 'success' },
    needs: { 'user.target.id': 'present' },
    why: 'sequence by target user: deactivation without re-activation',
  },
  {
    source: `${E}/azure/persistence_entra_id_mfa_disabled_for_user.toml`,
    engine: 'kql',
    alert: 'mfa_disabled',
    asIs: { dataset: 'azure.auditlogs', action: 'Disable Strong Authentication' },
    portTo: { event: 'security_event.mfa.factor.remove', outcome: 'success' },
    needs: { 'user.target.name': 'present' },
    why: 'strong authentication disabled for a user (the user named in the alert)',
  },
  {
    source: `${E}/okta/persistence_administrator_role_assigned_to_okta_user.toml`,
    engine: 'kql',
    alert: 'privilege_grant',
    asIs: { dataset: 'okta.system', action: 'user.account.privilege.grant' },
    portTo: { event: 'security_event.access.role.grant', outcome: 'success' },
    needs: { 'user.changes.roles': 'equals', 'labels.role_privileged': 'equals' },
    why: 'the granted privilege is an administrator role',
  },
  {
    source: `${E}/google_workspace/persistence_google_workspace_admin_role_assigned_to_user.toml`,
    engine: 'kql',
    alert: 'privilege_grant',
    asIs: { dataset: 'google_workspace.admin', action: 'ASSIGN_ROLE' },
    portTo: { event: 'security_event.access.role.grant' },
    needs: { 'user.changes.roles': 'equals', 'user.target.name': 'present' },
    why: 'the assigned role name matches *_ADMIN_ROLE; the target user is named',
  },
  {
    source: `${E}/google_workspace/persistence_google_workspace_password_policy_modified.toml`,
    engine: 'kql',
    alert: 'policy_change',
    asIs: { dataset: 'google_workspace.admin', action: 'CHANGE_APPLICATION_SETTING' },
    portTo: { event: 'security_event.policy.update' },
    needs: { 'labels.policy_type': 'equals' },
    why: 'only password-management settings',
  },
  {
    source: `${E}/aws/defense_evasion_cloudtrail_logging_deleted.toml`,
    engine: 'kql',
    alert: 'policy_change',
    asIs: { dataset: 'aws.cloudtrail', action: 'DeleteTrail' },
    portTo: { event: 'security_event.audit_log.config.update', outcome: 'success' },
    needs: { 'user.id': 'present' },
    why: 'audit trail deleted (who did it)',
  },
  {
    source: `${E}/o365/collection_onedrive_excessive_file_downloads.toml`,
    engine: 'esql',
    alert: 'data_export_spike',
    asIs: { dataset: 'o365.audit', action: 'FileDownloaded' },
    portTo: { event: 'security_event.data.export', outcome: 'success' },
    needs: { 'user.id': 'present', 'source.ip': 'present', 'file.name': 'present', 'event.category': 'equals' },
    why: 'many downloads per user and session in 3 minutes',
  },
  {
    source: `${E}/google_workspace/initial_access_google_workspace_login_impossible_travel.toml`,
    engine: 'esql',
    alert: 'impossible_travel',
    asIs: { dataset: 'google_workspace.login', action: 'login_success' },
    portTo: { event: 'security_event.authentication.login', outcome: 'success' },
    needs: {
      'source.geo.location': 'present',
      'source.geo.country_iso_code': 'present',
      'source.geo.region_iso_code': 'present',
      'event.category': 'equals',
    },
    why: 'distance and speed between logins from their coordinates',
  },
  {
    source: `${E}/okta/persistence_attempt_to_create_okta_api_token.toml`,
    engine: 'kql',
    alert: 'api_key_created',
    asIs: { dataset: 'okta.system', action: 'system.api_token.create' },
    portTo: { event: 'security_event.credential.api_key.create' },
    needs: { 'user.target.name': 'present' },
    why: 'API token created (for whom, in the alert)',
  },
  {
    source: `${S}/identity/okta/okta_admin_role_assigned_to_user_or_group.yml`,
    engine: 'sigma',
    alert: 'privilege_grant',
    asIs: { dataset: 'okta', action: 'user.account.privilege.grant' },
    portTo: { event: 'security_event.access.role.grant' },
    needs: {},
    why: 'any privilege grant',
  },
  {
    source: `${S}/cloud/azure/audit_logs/azure_priviledged_role_assignment_add.yml`,
    engine: 'sigma',
    alert: 'privilege_grant',
    asIs: { dataset: 'azure.auditlogs', action: 'Add eligible member (permanent)' },
    portTo: { event: 'security_event.access.role.grant' },
    needs: { 'labels.role_privileged': 'equals' },
    why: 'a member added to a privileged role',
  },
  {
    source: `${S}/cloud/gcp/gworkspace/admin/gcp_gworkspace_mfa_disabled.yml`,
    engine: 'sigma',
    alert: 'mfa_disabled',
    asIs: { dataset: 'google_workspace.admin', action: 'ENFORCE_STRONG_AUTHENTICATION' },
    portTo: { event: 'security_event.policy.update' },
    needs: { 'labels.policy_type': 'equals' },
    why: 'the strong-authentication (MFA) setting turned off',
  },
  {
    source: `${S}/identity/okta/okta_mfa_reset_or_deactivated.yml`,
    engine: 'sigma',
    alert: 'mfa_disabled',
    asIs: { dataset: 'okta', action: 'user.mfa.factor.deactivate' },
    portTo: { event: 'security_event.mfa.factor.remove' },
    needs: {},
    why: 'an MFA factor deactivated or reset',
  },
  {
    source: `${S}/identity/okta/okta_policy_modified_or_deleted.yml`,
    engine: 'sigma',
    alert: 'policy_change',
    asIs: { dataset: 'okta', action: 'policy.lifecycle.update' },
    portTo: { event: 'security_event.policy.update' },
    needs: {},
    why: 'a policy updated or deleted',
  },
  {
    source: `${S}/identity/okta/okta_api_token_created.yml`,
    engine: 'sigma',
    alert: 'api_key_created',
    asIs: { dataset: 'okta', action: 'system.api_token.create' },
    portTo: { event: 'security_event.credential.api_key.create' },
    needs: {},
    why: 'an API token created',
  },
  {
    source: `${S}/cloud/aws/cloudtrail/aws_cloudtrail_console_login_failed_authentication.yml`,
    engine: 'sigma',
    alert: 'brute_force',
    asIs: { dataset: 'aws.cloudtrail', action: 'ConsoleLogin' },
    portTo: { event: 'security_event.authentication.login', outcome: 'failure' },
    needs: { 'event.reason': 'equals' },
    why: 'console login with the failure reason "Failed authentication"',
  },
  {
    source: `${S}/application/bitbucket/audit/bitbucket_audit_full_data_export_triggered.yml`,
    engine: 'sigma',
    alert: 'data_export_spike',
    asIs: { dataset: 'bitbucket.audit', action: 'Full data export triggered' },
    portTo: { event: 'security_event.data.export' },
    needs: { 'labels.record_count': 'present' },
    why: 'a full data export (its size, to tell a full export from a small one)',
  },
];
