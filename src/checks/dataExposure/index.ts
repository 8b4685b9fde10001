// Registry of the dataExposure checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import paymentCard from "./payment-card.js";
import secretKey from "./secret-key.js";
import ssn from "./ssn.js";
import stackTrace from "./stack-trace.js";

export const dataExposureChecks: Check[] = [paymentCard, secretKey, ssn, stackTrace];
