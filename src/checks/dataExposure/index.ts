// Registry of the dataExposure checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import emailBulk from "./email-bulk.js";
import internalAddress from "./internal-address.js";
import paymentCard from "./payment-card.js";
import phone from "./phone.js";
import secretKey from "./secret-key.js";
import ssn from "./ssn.js";
import stackTrace from "./stack-trace.js";
import tokenLeak from "./token-leak.js";
import graphqlSensitiveFields from "./graphql-sensitive-fields.js";

export const dataExposureChecks: Check[] = [graphqlSensitiveFields, emailBulk, internalAddress, paymentCard, phone, secretKey, ssn, stackTrace, tokenLeak];
