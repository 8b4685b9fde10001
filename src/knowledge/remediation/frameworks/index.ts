// One row per framework key: adding a framework to FRAMEWORKS without its idioms fails to compile.
import type { Framework, FrameworkIdioms } from "../types.js";
import { express, nestjs } from "./node.js";
import { aspnetCore, springBoot } from "./jvm-dotnet.js";
import { django, fastapi, flask } from "./python.js";
import { go, laravel, rails } from "./rails-laravel-go.js";

export const FRAMEWORK_IDIOMS: Record<Framework, FrameworkIdioms> = {
  fastapi,
  flask,
  django,
  express,
  nestjs,
  "spring-boot": springBoot,
  "aspnet-core": aspnetCore,
  rails,
  laravel,
  go,
};
