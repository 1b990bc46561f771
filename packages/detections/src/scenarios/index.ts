/**
 * The pack's test scenarios as data: a busy benign day and one attack per alert category, as the security events an
 * application would emit (write them through the seclog SDK to get sealed archives).
 */
export { ATTACKS, type AttackScenario } from './attacks.js';
export { baselineDay } from './baseline-day.js';
export { ADMIN, after, at, DAY, type ScenarioEvent, type ScenarioUser, USERS } from './scenario-event.js';
