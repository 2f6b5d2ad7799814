/**
 * What `validate`, `show`, `start` and `verify` find wrong in a file: lint rules, composition, statement
 * checks, schema problems and hash-chain breaks. Each problem carries its sentence (`said`) beside a stable
 * English `message` and its `code`; the terminal words it in the run's language, `--json` keeps the English.
 * Ids, field names (`owner:`, `due:`), codes and YAML keys stay as written in the file.
 */
export const en = {
  'problem.summary':
    '{files} {files:file|files} checked: {errors} {errors:error|errors}, {warnings} {warnings:warning|warnings}',
  'problem.brokenFiles': 'warning: {count} {count:file|files} could not be loaded ({files}); run `crisis validate`',
  'problem.file.empty': 'file is empty: expected a playbook (a YAML mapping with id, kind, title and phases)',
  'problem.file.tooBig': 'file is {size} MB; the limit is {limit} MB',
  'problem.file.tooBigUnknown': 'file is too big; the limit is {limit} MB',
  'problem.file.binary': 'not a text file (contains NUL bytes)',
  'problem.file.encoding': 'not valid UTF-8 text',
  'problem.file.read': 'cannot read: {reason}',
  'problem.yaml.expand': 'cannot expand document',
  'problem.yaml.protoKey': 'the key "__proto__" is not allowed: use a lower-kebab-case id',
  'problem.yaml.danglingAlias': 'alias *{name} names no anchor &{name} defined before it',
  'problem.schema.tooDeep': 'document is nested too deeply to check',
  'problem.schema.at': '{path}: {problem}',
  'problem.schema.document': '(document)',
  'problem.schema.missing': 'missing (expected {expected})',
  'problem.schema.type': 'expected {expected}, received {received}',
  'problem.schema.oneOf': 'expected {expected}',
  'problem.schema.value': 'expected one of {values}',
  /** a value or a field name in a schema problem, quoted */
  'problem.schema.quoted': '"{text}"',
  /** between the values a field takes (problem.schema.value) */
  'problem.schema.valueOr': '{a} | {b}',
  /** between unknown field names (problem.schema.unknownField) */
  'problem.schema.keyAnd': '{a}, {b}',
  'problem.schema.emptyText': 'must not be empty',
  'problem.schema.tooFewItems': 'expected at least {min} {min:item|items}',
  'problem.schema.tooManyItems': 'expected at most {max} {max:item|items}',
  'problem.schema.tooLong': 'expected at most {max} {max:character|characters}',
  'problem.schema.tooShort': 'expected at least {min} {min:character|characters}',
  'problem.schema.tooSmall': 'expected a number of at least {min}',
  'problem.schema.tooBig': 'expected a number of at most {max}',
  'problem.schema.format': 'not in the expected format',
  'problem.schema.unknownField': 'unknown field {keys}',
  'problem.schema.invalid': 'not a valid value here',
  'problem.schema.id': 'must be lower-kebab-case (a-z, 0-9 and single dashes), at most 64 characters',
  'problem.schema.duration': 'must be a duration such as 45s, 30m, 4h or 2d',
  'problem.schema.due': 'must be a duration (45s, 30m, 4h, 2d) or a target name',
  'problem.schema.timeZone': 'not a time zone this system knows (use an IANA name such as Asia/Shanghai)',
  'problem.schema.storeUrl': 'not a store URL (use postgres://user@host:5432/database, or file)',
  'problem.type.string': 'text',
  'problem.type.number': 'a number',
  'problem.type.int': 'a whole number',
  'problem.type.boolean': 'true or false',
  'problem.type.object': 'a mapping',
  'problem.type.array': 'a list',
  'problem.type.null': 'nothing (null)',
  'problem.type.undefined': 'nothing',
  'problem.type.other': '{type}',
  'problem.type.or': '{a} or {b}',

  'problem.lint.duplicatePhase': 'phase id "{id}" is used twice in plan {plan}',
  'problem.lint.duplicateStep': 'step id "{id}" is used twice in plan {plan} (also in {other})',
  'problem.lint.duplicateInput': 'input id "{id}" is recorded by two steps in plan {plan}',
  'problem.lint.noChoices': 'input "{id}" is a choice but has no choices',
  'problem.lint.defaultType': 'input "{id}" is {type}: only a yes-no or a choice input takes a default',
  'problem.lint.defaultYesNo': 'input "{id}" is yes-no: its default must be true or false, not {value}',
  'problem.lint.defaultChoice': 'input "{id}": default {value} is not one of its choices ({choices})',
  'problem.lint.unknownRole': '{field}: unknown role "{role}"',
  'problem.lint.unknownOwner': 'owner: unknown role "{role}" (define it in roles: or use a {standard} role)',
  'problem.lint.noOwner': 'step "{step}" has no owner (every step needs one person accountable)',
  'problem.lint.dueUnknown': 'due: "{due}" is neither a duration (45s, 30m, 4h, 2d) nor a target of {plan} ({targets})',
  'problem.lint.noTargets': 'none defined',
  'problem.lint.noApprover':
    'statement step "{step}" has no approve-by role (external messages are approved before they go out)',
  'problem.lint.statementFact': 'statement {channel}: {hole} names no input of plan {plan}',
  'problem.lint.channelSpelling':
    'statement step "{step}": "{channel}" is not a built-in channel; did you mean {meant}? ' +
    '(a channel of your own may be any id)',
  'problem.lint.severityChannel':
    'channel-severity: "{channel}" is not a channel of statement step "{step}" ({channels})',
  'problem.lint.noChannelLeft': 'statement step "{step}" has no channel left at severity {severity}',
  'problem.lint.severityTarget': `severity-targets.{severity}: "{name}" is not one of this playbook's targets`,
  'problem.lint.checklistLength':
    'step "{step}" has {items} checklist items; keep it to {max} or fewer (checklist practice)',
  'problem.lint.whenFact': 'when: fact "{fact}" is not an input of plan {plan}',
  'problem.lint.unreachable':
    'step "{step}" is unreachable: its when can never hold given the inputs\' types and choices',
  'problem.lint.order':
    'step "{step}" (due {due}) comes before {count} {count:step|steps} due much sooner in plan {plan}' +
    ' (first: "{first}", due {firstDue}); move it later, or splice its phase in later with use: … phases:',
  'problem.lint.pausePointLength':
    'phase "{phase}" pause point carries {items} checklist items; keep it to {max} or fewer (checklist practice)',
  'problem.lint.pausePoint': 'do-confirm phase "{phase}" has no pause-point text',
  'problem.lint.reviewUnknown': 'review: "{review}" is not a review playbook',
  'problem.lint.principle': '{message} (principle: {principle})',
  'problem.principle.rapid-response': 'rapid-response',
  'problem.principle.transparency': 'transparency',
  'problem.principle.responsibility': 'responsibility',
  'problem.principle.prevention': 'prevention',
  'problem.lint.noFirstStatementTarget': 'no first-statement target: set a deadline for the first public statement',
  'problem.lint.noAssessmentTarget': 'no assessment target: set a deadline for the assessment',
  'problem.lint.noAssessmentStep': 'no step is tagged assessment',
  'problem.lint.noSpokesperson': 'no spokesperson role: one designated voice keeps every message consistent',
  'problem.lint.noPublicStatement': 'no public statement step (a step with statement:)',
  'problem.lint.noUpdateEvery': 'no update-every target: set the cadence of public updates',
  'problem.lint.noLegalCheck':
    'no legal/compliance check before the first disclosure: tag a step legal-review before it,' +
    ' or have legal approve it',
  'problem.lint.noApologyStep': 'no apology/compensation decision step (tag: apology-decision)',
  'problem.lint.noCorrectiveStep': 'no corrective-action step (tag: corrective-action)',
  'problem.lint.noReview': 'no link to the post-crisis review (review: post-crisis)',
  'problem.lint.regulatorFirst':
    'public statement "{statement}" (due {statementDue}) falls due before "{step}" (due {deadline}),' +
    ' a report {citation} requires before going public; move the statement later or tighten the report',

  'problem.statement.unfilled': '"{hole}" is not filled in',
  'problem.statement.nextUpdate': 'no time for the next update; say when people will hear from you again',
  'problem.statement.length': "{count} characters, over {platform}'s {limit} ({why})",
  'problem.statement.lengthTemplate':
    "{count} characters before the facts are filled in, over {platform}'s {limit} ({why})",
  'problem.statement.liability':
    '"{text}" admits liability before the root cause is known; apologise and commit to putting it' +
    ' right instead, and let legal settle the wording of fault',
  'problem.statement.cliche': '"{text}" is a cliché; say what you are doing instead',
  'problem.statement.exactCount':
    '"{text}" states an exact count; early figures change, so say "at least" or give a range',
  'problem.statement.noSubject': 'no "Subject:" line; a breach notice needs a plain subject',
  'problem.statement.phishing':
    'subject "{subject}" reads like phishing during a breach ("{match}"); name the company and the' +
    ' incident plainly, with no urgency and nothing to click',
  /** a statement finding and where it was found: `social (Chinese): "…" is a cliché` */
  'problem.statement.finding': '{where}: {finding}',
  'problem.statement.where': '{channel} ({lang})',
  'problem.platform.x': 'X',
  'problem.platform.weibo': 'Weibo (微博)',
  'problem.platform.sms': 'SMS',
  'problem.platform.x.why': 'Chinese characters count twice',
  'problem.platform.weibo.why': 'only the first 140 characters show in the feed',
  'problem.platform.sms.why': 'a longer text is split into several messages',

  'problem.compose.unknownPlaybook': 'unknown playbook "{id}"',
  'problem.compose.duplicatePhase': 'phase id "{id}" is used twice in {playbook}',
  'problem.compose.unknownWith': '--with: unknown strategy "{id}"',
  'problem.compose.withKind': '--with: "{id}" is a {kind} playbook, not a strategy',
  'problem.compose.unknownUse': 'use: unknown strategy "{id}"',
  'problem.compose.useKind': 'use: "{id}" is a {kind} playbook, not a strategy',
  'problem.compose.useCycle': 'use: cycle {cycle}',
  'problem.compose.unknownPhase': 'use: strategy "{id}" has no phase "{phase}" (phases: {phases})',
  'problem.compose.jurisdiction': '--jurisdiction: no reporting duty is catalogued for "{id}" (known: {known})',
  'problem.library.duplicateFile': 'id "{id}" is already used by {file}',
  'problem.library.duplicateDuty': 'duty id "{id}" is defined twice',
  'problem.library.notCrisis': 'applies-to: "{id}" is not a crisis playbook',
  'problem.drill.unknownPlaybook': 'playbook: unknown playbook "{id}"',
  'problem.drill.playbookBroken': 'playbook: "{id}" does not compose ({problem})',
  'problem.drill.seeValidate': 'see crisis validate',
  'problem.unknownStep': '{where}: no step "{step}" in plan {plan}',

  'problem.chain.at': 'line {line}: {reason}',
  'problem.chain.torn': 'torn: the last line is incomplete (a write was cut off)',
  'problem.chain.tooLong': 'longer than {max} bytes: not an event',
  'problem.chain.utf8': 'not valid UTF-8 (the bytes were edited or damaged)',
  'problem.chain.json': 'not valid JSON (the line was edited or cut)',
  'problem.chain.invalidEvent': 'not a valid event',
  'problem.chain.otherSession': 'belongs to session {other}, not {session} (another log was appended)',
  'problem.chain.notThisSession':
    "belongs to session {other}, not {session} (a copy or a rename of another session's log)",
  'problem.chain.hash': 'content does not match its hash (the line was edited)',
  'problem.chain.duplicateKey':
    'holds a duplicate key (a second value hidden behind the hashed one: the line was edited)',
  'problem.chain.bytes': 'bytes differ from the form the tool writes (padding or reordered keys: the line was edited)',
  'problem.chain.duplicateLine': 'duplicate of line {prev}',
  'problem.chain.seqBack': 'seq {seq} comes after seq {last} (lines reordered or duplicated)',
  'problem.chain.seqGap': 'seq {seq} where {expected} was expected ({missing} {missing:line|lines} deleted before it)',
  'problem.chain.prev': 'chain broken: prev does not match the hash of line {prev}',
  'problem.chain.noStart':
    'the log starts with {type}, not session.started (its start was cut off and the rest chained again)',
  'problem.chain.secondStart': 'a second session.started (the session started at line 1: another start was spliced in)',
  'problem.chain.afterEnd':
    '{type} after the session ended at line {ended} (only notes, decisions and review answers follow the end)',
  'problem.chain.swapped': 'lines {line} and {next} are swapped (seq {seq} before seq {expected}: lines reordered)',
  'problem.answers.needsStep': '{where}: {action} needs a step:',
  'problem.answers.needsReason': '{where}: {action} needs a reason:',
  'problem.answers.needsText': '{where}: {action} needs a text:',
  'problem.answers.notStatement': '{where}: step "{step}" is not a statement',
  'problem.answers.noApproval': '{where}: statement "{step}" needs no approval',
  'problem.answers.noApprover': '{where}: an approval names who approved (by: NAME)',
  'problem.answers.statementInputs': '{where}: "{step}" is a statement whose text names no fact; it takes no inputs',
  'problem.answers.unknownInput': '{where}: step "{step}" records no input "{input}"',
  'problem.answers.unknownInputOf': '{where}: step "{step}" records no input "{input}" (inputs: {inputs})',
  'problem.answers.inputType': '{where}: {error}',
  'problem.answers.inputRequired': '{where}: step "{step}" needs the input "{input}"',
  'problem.answers.unknownChannel': '{where}: statement "{step}" has no channel "{channel}" (channels: {channels})',
};
