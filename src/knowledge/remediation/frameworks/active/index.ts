// Fixes for active mode's confirmed flaws, one row per framework: a framework without them fails to compile.
import type { ActiveIdioms, Framework } from "../../types.js";
import { aspnetCore, springBoot } from "./jvm-dotnet.js";
import { express, nestjs } from "./node.js";
import { django, fastapi, flask } from "./python.js";
import { go, laravel, rails } from "./rails-laravel-go.js";

export const ACTIVE_IDIOMS: Record<Framework, ActiveIdioms> = {
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
