// One row per framework key: adding a framework to FRAMEWORKS without its idioms fails to compile.
import type { Framework, StackIdioms } from "../types.js";
import { ACTIVE_IDIOMS } from "./active/index.js";
import { express, nestjs } from "./node.js";
import { aspnetCore, springBoot } from "./jvm-dotnet.js";
import { django, fastapi, flask } from "./python.js";
import { go, laravel, rails } from "./rails-laravel-go.js";

export const FRAMEWORK_IDIOMS: Record<Framework, StackIdioms> = {
  fastapi: { ...fastapi, ...ACTIVE_IDIOMS.fastapi },
  flask: { ...flask, ...ACTIVE_IDIOMS.flask },
  django: { ...django, ...ACTIVE_IDIOMS.django },
  express: { ...express, ...ACTIVE_IDIOMS.express },
  nestjs: { ...nestjs, ...ACTIVE_IDIOMS.nestjs },
  "spring-boot": { ...springBoot, ...ACTIVE_IDIOMS["spring-boot"] },
  "aspnet-core": { ...aspnetCore, ...ACTIVE_IDIOMS["aspnet-core"] },
  rails: { ...rails, ...ACTIVE_IDIOMS.rails },
  laravel: { ...laravel, ...ACTIVE_IDIOMS.laravel },
  go: { ...go, ...ACTIVE_IDIOMS.go },
};
