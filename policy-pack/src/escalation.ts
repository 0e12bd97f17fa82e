/**
 * IAM actions that escalate privilege or reach data wholesale, known by name,
 * and resources that name no particular resource however they are spelled.
 *
 * The escalation list follows Rhino Security Labs' published methods ("AWS IAM
 * Privilege Escalation – Methods and Mitigation", Spencer Gietzen), which
 * salesforce/cloudsplaining ships as its privilege-escalation check and whose
 * glossary credits: "These policies allow a combination of IAM actions that
 * allow a principal with these permissions to escalate their privileges - for
 * example, by creating an access key for another IAM user, or modifying their
 * own permissions." Each entry is one action that, on a broad resource, is
 * enough on its own (or with `iam:PassRole`, itself listed) for one method.
 */
import { conditionEntries, RawStatement, strings } from "./conditions";
import { hasNoResourceTypes, isS3BucketOrObjectArn } from "./iam";
import { DEFAULT_FORBIDDEN_MANAGED_POLICIES } from "./config";

export interface RiskyAction {
    readonly action: string;
    readonly why: string;
    /**
     * The method needs `iam:PassRole` as well (Rhino's "PassRole" methods): without a role to pass, the
     * action runs with what the caller already has, or with no role at all.
     */
    readonly withPassRole?: true;
    /**
     * Further actions the method needs, each granted in the same document on a broad resource without a
     * narrowing condition: without them the action alone gives the caller nothing it did not have.
     */
    readonly needs?: readonly string[];
}

/** Rhino Security Labs' methods, one action each (PassRole methods: the action that runs the passed role). */
export const ESCALATION_ACTIONS: readonly RiskyAction[] = [
    { action: "iam:CreatePolicyVersion", why: "rewrites a managed policy (with --set-as-default)" },
    { action: "iam:SetDefaultPolicyVersion", why: "switches a policy to an older, broader version" },
    { action: "iam:AttachUserPolicy", why: "attaches any managed policy to a user" },
    { action: "iam:AttachGroupPolicy", why: "attaches any managed policy to a group" },
    { action: "iam:AttachRolePolicy", why: "attaches any managed policy to a role" },
    { action: "iam:PutUserPolicy", why: "writes an inline policy on a user" },
    { action: "iam:PutGroupPolicy", why: "writes an inline policy on a group" },
    { action: "iam:PutRolePolicy", why: "writes an inline policy on a role" },
    { action: "iam:AddUserToGroup", why: "joins a more privileged group" },
    { action: "iam:UpdateAssumeRolePolicy", why: "lets anyone chosen assume a role" },
    { action: "iam:CreateAccessKey", why: "mints keys for another user" },
    { action: "iam:CreateLoginProfile", why: "sets a console password for another user" },
    { action: "iam:UpdateLoginProfile", why: "resets another user's console password" },
    { action: "iam:PassRole", why: "hands a role to a service the caller controls" },
    { action: "lambda:UpdateFunctionCode", why: "runs the caller's code with a function's role" },
    { action: "lambda:CreateFunction", why: "runs the caller's code with a passed role", withPassRole: true },
    { action: "lambda:CreateEventSourceMapping", why: "triggers a function with a passed role", withPassRole: true },
    { action: "glue:UpdateDevEndpoint", why: "opens a shell on an endpoint with its role" },
    { action: "glue:CreateDevEndpoint", why: "opens a shell with a passed role", withPassRole: true },
    { action: "cloudformation:CreateStack", why: "creates anything with a passed role", withPassRole: true },
    { action: "datapipeline:CreatePipeline", why: "runs commands with a passed role", withPassRole: true },
    { action: "ec2:RunInstances", why: "starts an instance with a passed role", withPassRole: true },
    { action: "sts:AssumeRole", why: "assumes any role that trusts the account" },
    { action: "iam:DeleteRolePermissionsBoundary", why: "lifts the ceiling on a role's permissions" },
    { action: "iam:DeleteUserPermissionsBoundary", why: "lifts the ceiling on a user's permissions" },
    { action: "iam:PutRolePermissionsBoundary", why: "replaces the ceiling on a role's permissions" },
    { action: "iam:PutUserPermissionsBoundary", why: "replaces the ceiling on a user's permissions" },
    { action: "kms:CreateGrant", why: "grants itself the use of any key" },
    { action: "ssm:SendCommand", why: "runs commands on instances, with their roles" },
    { action: "ssm:StartSession", why: "opens a shell on instances, with their roles" },
    { action: "ec2-instance-connect:SendSSHPublicKey", why: "logs in to instances, with their roles" },
    { action: "codebuild:StartBuild", why: "runs the caller's build with a project's role" },
    { action: "ecs:RunTask", why: "runs a task with a passed role", withPassRole: true },
    { action: "sagemaker:CreatePresignedNotebookInstanceUrl", why: "opens a notebook with its role" },
    { action: "ssm:CreateAssociation", why: "runs documents on instances, with their roles (as SendCommand)" },
    { action: "codebuild:UpdateProject", why: "rewrites a project's buildspec, run with its role" },
    { action: "glue:UpdateJob", why: "rewrites a job's script, run with its role" },
    { action: "lambda:UpdateFunctionConfiguration", why: "adds a layer or a handler to a function, run with its role" },
    // RoleARN (UpdateStack, CreateChangeSet): "If you don't specify a value, CloudFormation uses the role that was
    // previously associated with the stack"; "CloudFormation uses this role even if the users don't have
    // permission to pass it" (CloudFormation API Reference). No PassRole needed.
    { action: "cloudformation:UpdateStack", why: "changes anything with a stack's service role" },
    { action: "cloudformation:ExecuteChangeSet", why: "changes anything with a stack's service role" },
    // The user data of a stopped instance is replaced and runs at its next start, with the instance's role
    // ("You can modify user data for an instance in the stopped state", EC2 User Guide, "Run commands when you
    // launch an EC2 instance with user data input"; a `#cloud-boothook` part runs on every boot). Only with
    // the stop and the start: AWS's own AmazonEKSClusterPolicy grants ModifyInstanceAttribute on `*` alone.
    {
        action: "ec2:ModifyInstanceAttribute",
        why: "rewrites a stopped instance's user data, run with its role when it starts",
        needs: ["ec2:StopInstances", "ec2:StartInstances"],
    },
    {
        action: "ec2:AssociateIamInstanceProfile",
        why: "gives a running instance the caller can reach a passed role",
        withPassRole: true,
    },
    {
        action: "ec2:ReplaceIamInstanceProfileAssociation",
        why: "swaps a running instance's role for a passed one",
        withPassRole: true,
    },
];

/** Actions that read data or secrets wholesale when their resource is broad. */
export const DATA_ACTIONS: readonly RiskyAction[] = [
    { action: "kms:Decrypt", why: "decrypts with any key" },
    // Not secretsmanager:BatchGetSecretValue: its resource can only be `*`, and it reads a secret only with
    // "secretsmanager:GetSecretValue for each secret" (Secrets Manager API Reference), judged here.
    { action: "secretsmanager:GetSecretValue", why: "reads every secret" },
    { action: "ssm:GetParameter", why: "reads every parameter" },
    { action: "ssm:GetParameters", why: "reads every parameter" },
    { action: "ssm:GetParametersByPath", why: "reads every parameter" },
    { action: "s3:GetObject", why: "reads every bucket's objects" },
    { action: "s3:GetObjectVersion", why: "reads every bucket's objects, every version" },
    { action: "ssm:GetParameterHistory", why: "reads every parameter, every version" },
    { action: "dynamodb:Scan", why: "reads every table's items" },
    // A SELECT without an equality on the partition key reads the whole table (DynamoDB Developer Guide, PartiQL).
    { action: "dynamodb:PartiQLSelect", why: "reads every table's items" },
    { action: "dynamodb:ExportTableToPointInTime", why: "exports every table to a bucket, another account's included" },
];

function glob(pattern: string): RegExp {
    return new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );
}

/** The risky actions an Allow statement's Action patterns grant (NotAction statements have their own policy). */
export function riskyActionsOf(s: RawStatement, list: readonly RiskyAction[]): RiskyAction[] {
    const patterns = strings(s.Action).map(glob);
    return list.filter((a) => patterns.some((p) => p.test(a.action)));
}

/**
 * True when the statement stays within one account: every broad resource names
 * a literal account, or a positive aws:ResourceAccount condition names one.
 */
export function confinedToAccount(s: RawStatement): boolean {
    if (
        conditionEntries(s).some(
            (c) =>
                c.key === "aws:resourceaccount" &&
                /^stringequals$/i.test(c.operator) &&
                c.values.every((v) => /^\d{12}$/.test(v)),
        )
    )
        return true;
    const broad = broadResources(s);
    return broad.length > 0 && broad.every((r) => /^\d{12}$/.test(r.split(":")[4] ?? ""));
}

/**
 * Permissions-management actions that reach only the caller's own account, whatever their Resource says. The
 * service authorization data gives them no resource type (`*` is their only scope, checked by
 * `actsOnOwnAccountOnly`) but cannot say "own account", so the list is explicit, each entry with the sentence
 * it rests on:
 * - logs:PutResourcePolicy "Creates or updates a resource policy allowing other AWS services to put log events
 *   to this account"; the policy "only applies when operations are invoked by AWS service principals (not IAM
 *   users, roles, or cross-account principals" (CloudWatch Logs API Reference, PutResourcePolicy). The Step
 *   Functions Developer Guide grants it on `*` for a state machine's log delivery.
 * - logs:DeleteResourcePolicy "Grants permission to delete a resource policy from this account" (Service
 *   Authorization Reference).
 * Neither can expose another account's resources or admit a principal of the caller's choosing, which is what
 * a broad permissions-management grant is refused for.
 */
const OWN_ACCOUNT_ONLY: ReadonlySet<string> = new Set(["logs:putresourcepolicy", "logs:deleteresourcepolicy"]);

/**
 * True for an action of `OWN_ACCOUNT_ONLY` the service authorization data still gives no resource type: should
 * a later version scope it to resources (a log group of any account's ARN), the action is judged as any other.
 */
export function actsOnOwnAccountOnly(action: string): boolean {
    return OWN_ACCOUNT_ONLY.has(action.toLowerCase()) && hasNoResourceTypes(action);
}

/**
 * Actions named one by one (no wildcard) whose access level in the service
 * authorization data is "Permissions management": they change who may do what
 * (s3:PutBucketPolicy, kms:PutKeyPolicy, lambda:AddPermission, ...), which
 * cloudsplaining reports as resource exposure. Wildcards over them are judged
 * by iam-no-privileged-action-wildcards. Those acting only on the caller's own account (`OWN_ACCOUNT_ONLY`)
 * are confined to it on `*` as on the account's own ARN.
 */
export function namedPermissionsManagement(s: RawStatement, isPermissionsManagement: (a: string) => boolean): RiskyAction[] {
    return strings(s.Action)
        .filter((a) => !/[*?]/.test(a) && isPermissionsManagement(a) && !actsOnOwnAccountOnly(a))
        .map((action) => ({ action, why: "changes who may do what" }));
}

/**
 * True for a resource that names no particular resource: `*`, an ARN with a
 * wildcard account, or whose resource part starts with a wildcard once its type
 * is set aside, however spelled (`arn:aws:s3:::*`, `arn:aws:s3:::*\/*`,
 * `arn:aws:iam::123456789012:role*`, `...:role/*`, `arn:aws:kms:*:*:key/*`,
 * `...:function:*`).
 */
export function isBroadResourceSpelling(resource: string): boolean {
    if (/^[*?]+$/.test(resource)) return true;
    const parts = resource.split(":");
    // `arn:aws:iam::*` has fewer than six parts: a wildcard at the end of a segment "can expand to match beyond
    // colon boundaries" (IAM guide), so it is every IAM resource, as isBroadResource (iam.ts) also reads it.
    if (parts.length < 6 || parts[0] !== "arn") return /[*?]/.test(resource);
    if (/[*?]/.test(parts[4])) return true;
    const rest = parts.slice(5).join(":");
    if (/^[*?]/.test(rest)) return true;
    // S3 bucket and object ARNs carry no type: `bucket/*` is one bucket's objects (iam.ts).
    if (isS3BucketOrObjectArn(resource)) return false;
    // `role*`, `role/*`, `function:*`, `key/*`: a type followed only by wildcards (any path).
    return /^[a-z0-9-]+([/:][*?]|[*?])/i.test(rest);
}

export function broadResources(s: RawStatement): string[] {
    if (s.NotResource !== undefined) return ["NotResource"];
    return strings(s.Resource).filter(isBroadResourceSpelling);
}

/** The IAM tagging actions: whoever may tag a role, user or policy chooses which ones a tag condition admits. */
const IAM_TAGGING = ["iam:TagRole", "iam:TagUser", "iam:TagPolicy", "iam:TagInstanceProfile"];

/** The names services give the action that tags their resources (`ec2:CreateTags`, `dynamodb:TagResource`, ...). */
const TAGGING_ACTION_NAMES = ["TagResource", "CreateTags", "AddTags", "AddTagsToResource"];

/** Whether one of `actions` is allowed on broad resources by a statement that `narrowed` does not narrow. */
function allowsBroadly(
    statements: readonly RawStatement[],
    actions: readonly string[],
    narrowed: (s: RawStatement) => boolean = (s) => narrowedByCondition(s),
): boolean {
    return statements.some((s) => {
        if (s.Effect !== "Allow" || broadResources(s).length === 0) return false;
        const patterns = strings(s.Action).map(glob);
        // Tagging only at creation (`ec2:CreateAction`) tags no existing resource.
        const atCreationOnly = conditionEntries(s).some((c) => c.key === "ec2:createaction" && !/not|ifexists/i.test(c.operator));
        return actions.some((a) => patterns.some((p) => p.test(a))) && !narrowed(s) && !atCreationOnly;
    });
}

/**
 * True when a document lets its holder tag IAM principals or policies of its choice: an Allow of an IAM
 * tagging action (by name or pattern) on broad resources, not itself narrowed by a condition. Then a statement
 * narrowed by `aws:ResourceTag/...` is narrowed by nothing (tag the target, then act on it).
 */
export function canRetagIam(statements: readonly RawStatement[]): boolean {
    return allowsBroadly(statements, IAM_TAGGING);
}

/**
 * The same for the resources a statement acts on: true when the document may also tag, broadly, resources of
 * a service the statement's actions belong to (`ec2:CreateTags` beside `ec2:ModifyInstanceAttribute` on
 * instances `aws:ResourceTag`-narrowed, `dynamodb:TagResource` beside `dynamodb:Scan`).
 */
export function canRetagServiceOf(s: RawStatement, statements: readonly RawStatement[]): boolean {
    const services = new Set(
        strings(s.Action)
            .map((a) => a.split(":")[0].toLowerCase())
            .filter((svc) => /^[a-z0-9-]+$/.test(svc)),
    );
    return [...services].some((svc) =>
        allowsBroadly(
            statements,
            TAGGING_ACTION_NAMES.map((n) => `${svc}:${n}`),
        ),
    );
}

/**
 * True when the document grants every action of `actions` on broad resources, each in a statement `narrowed`
 * does not narrow (a tag condition the holder can retag narrows nothing).
 */
export function grantsAllBroadly(
    statements: readonly RawStatement[],
    actions: readonly string[],
    narrowed?: (s: RawStatement) => boolean,
): boolean {
    return actions.every((a) => allowsBroadly(statements, [a], narrowed));
}

/** Condition keys that name which resources (or which service path) a broad statement reaches. */
const NARROWING_KEYS = [
    /^kms:resourcealiases$/,
    /^kms:viaservice$/,
    /^kms:encryptioncontext:/,
    /^aws:resourcetag\//,
    /^[a-z0-9-]+:resourcetag\//,
    /^secretsmanager:secretid$/,
    /^s3:prefix$/,
    /^iam:passedtoservice$/,
    /^iam:policyarn$/,
    /^iam:permissionsboundary$/,
];

/**
 * True when an `iam:PolicyARN` value lets through an AWS-managed administrator policy of `forbidden` (all of them
 * live at the root path, `arn:aws:iam::aws:policy/<name>`): it names one, or a wildcard pattern matches one
 * (`arn:aws:iam::aws:policy/*`, `arn:aws:iam::*:policy/*`). Compared without case, as `StringEqualsIgnoreCase`
 * would. Attaching one of those is the escalation the condition would have to prevent.
 */
function admitsAdminManagedPolicy(value: string, forbidden: readonly string[]): boolean {
    const pattern = new RegExp(
        `^${value
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );
    return forbidden.some((name) =>
        ["aws", "aws-us-gov", "aws-cn"].some((p) => pattern.test(`arn:${p}:iam::aws:policy/${name}`)),
    );
}

/**
 * True when a positive condition (not negated, not IfExists, not ForAllValues,
 * no bare wildcard) narrows a broad resource to named ones: an alias, a tag, a
 * service path, a passed-to service, a permissions boundary, or the policies that may be attached
 * (`iam:PolicyARN`, unless one of its values admits an AWS-managed administrator policy of `forbidden`).
 */
export function narrowedByCondition(
    s: RawStatement,
    forbidden: readonly string[] = DEFAULT_FORBIDDEN_MANAGED_POLICIES,
    canRetag = false,
): boolean {
    return conditionEntries(s).some((c) => {
        const op = c.operator.toLowerCase();
        if (op.startsWith("forallvalues:") || op.endsWith("ifexists") || /not/.test(op) || op === "null") return false;
        if (!NARROWING_KEYS.some((re) => re.test(c.key))) return false;
        // A tag names resources only while the principal cannot put it on others itself.
        if (canRetag && /resourcetag\//.test(c.key)) return false;
        if (c.key === "iam:policyarn" && c.values.some((v) => admitsAdminManagedPolicy(v, forbidden))) return false;
        return c.values.length > 0 && c.values.every((v) => !/^[*?]*$/.test(v));
    });
}
