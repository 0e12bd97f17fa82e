/*
 * Data only, no imports: the default of `supportedLambdaRuntimes` (src/config.ts) is derived from
 * this table, and test/policies/lambda.test.ts checks it against @pulumi/aws's `lambda.Runtime`.
 */

/** The day the table below was last read against AWS's pages (ISO date). */
export const LAMBDA_RUNTIMES_CHECKED = "2026-12-06";

/**
 * Lambda's managed runtimes and the deprecation date AWS gives each, as the AWS Lambda Developer
 * Guide listed them on LAMBDA_RUNTIMES_CHECKED: "Lambda runtimes", "Supported runtimes" ("The
 * following table lists the supported Lambda runtimes and projected deprecation dates"), and the
 * same rows on the language pages it links ("Building Lambda functions with Node.js / Python / Java
 * / C# / Ruby"). After its deprecation date a runtime gets no security patches and its functions no
 * technical support (the Developer Guide's "Runtime deprecation"), which is what Security Hub's
 * Lambda.2 reports; so the default list is every runtime here whose date has not passed on
 * LAMBDA_RUNTIMES_CHECKED. `undefined`: AWS's pages, as read, give the runtime no date yet.
 *
 * What those pages said, on 2026-12-06:
 * - nodejs20.x: deprecated Apr 30, 2026 (function creation blocked Aug 31, 2026): no longer in the default.
 * - python3.10: deprecated Oct 31, 2026 (the Python page moved it from Jun 30, 2026): no longer in the default.
 * - dotnet8: deprecated Nov 10, 2026 (the C# page): no longer in the default.
 * - java8.al2, java11, java17 and python3.11 (Amazon Linux 2): deprecation moved to Jun 30, 2027, so
 *   they stay, and java8.al2, which the list had left out, is added.
 * - java25 (Jun 30, 2029) and dotnet10 (Nov 14, 2028) are current and were missing.
 * - java8.al2023, java11.al2023 and java17.al2023: the Amazon Linux 2023 builds of the older Java
 *   versions, in the Lambda API's Runtime enum (the AWS SDK references) and launched on Jul 20, 2026
 *   (aws/aws-sam-cli #9125, "Lambda managed runtimes launching July 20, 2026"); no date yet.
 * - provided.al2 and provided.al2023: no row of theirs could be read on 2026-12-06; they stay until
 *   one shows a date that has passed.
 * nodejs18.x, python3.9, ruby3.2 and dotnet6 are listed with their past dates so that every runtime
 * @pulumi/aws does not mark deprecated is classified here.
 */
export const LAMBDA_RUNTIME_DEPRECATION: Readonly<Record<string, string | undefined>> = {
    "nodejs18.x": "2025-09-01",
    "nodejs20.x": "2026-04-30",
    "nodejs22.x": "2027-04-30",
    "nodejs24.x": "2028-04-30",
    "python3.9": "2025-12-15",
    "python3.10": "2026-10-31",
    "python3.11": "2027-06-30",
    "python3.12": "2028-10-31",
    "python3.13": "2029-06-30",
    "python3.14": "2029-06-30",
    "java8.al2": "2027-06-30",
    "java8.al2023": undefined,
    java11: "2027-06-30",
    "java11.al2023": undefined,
    java17: "2027-06-30",
    "java17.al2023": undefined,
    java21: "2029-06-30",
    java25: "2029-06-30",
    dotnet6: "2024-12-20",
    dotnet8: "2026-11-10",
    dotnet10: "2028-11-14",
    "ruby3.2": "2026-03-31",
    "ruby3.3": "2027-03-31",
    "ruby3.4": "2028-03-31",
    "provided.al2": undefined,
    "provided.al2023": undefined,
};

/** The runtimes of LAMBDA_RUNTIME_DEPRECATION not deprecated on LAMBDA_RUNTIMES_CHECKED, in the table's order. */
export const SUPPORTED_LAMBDA_RUNTIMES: readonly string[] = Object.entries(LAMBDA_RUNTIME_DEPRECATION)
    .filter(([, deprecation]) => deprecation === undefined || deprecation > LAMBDA_RUNTIMES_CHECKED)
    .map(([runtime]) => runtime);
