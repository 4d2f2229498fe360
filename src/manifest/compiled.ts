/**
 * The manifest schema compiled by zod (`z.compile`), in a chunk of its own: zod's compiler is
 * some 40 KB of the bundle, which a one-artifact manifest should not load. validate.ts loads it
 * for a manifest of many artifacts.
 */
import { z } from 'zod';
import { Manifest } from '../model/schema.js';

export const CompiledManifest = z.compile(Manifest);
