/**
 * Import FIRST in a test file that runs the organization's layers: the topology is read once per
 * process, when lib loads, so the sample organization must be named before anything imports lib.
 * Jest gives each test file its own copy of process.env, so other files keep the repository's topology.
 * Not exported from the testing index on purpose: importing it switches the whole file to the sample.
 */
import * as path from "path";
import { TOPOLOGY_ENV } from "../topology";

export const SAMPLE_ORGANIZATION_TOPOLOGY = path.resolve(__dirname, "../../../examples/organization/topology.yaml");
process.env[TOPOLOGY_ENV] = SAMPLE_ORGANIZATION_TOPOLOGY;
