/**
 * Load harnesses and benchmarks. Each harness lives in its own package and has a main class; how to run it
 * is written in its Javadoc and in docs/benchmarks.md. Nothing here is part of {@code mvn verify}'s verdict.
 */
package io.cow.bench;
