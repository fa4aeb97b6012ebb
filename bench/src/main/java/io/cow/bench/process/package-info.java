/** What the harnesses share about the processes they start: stopping them on exit, reading their CPU and memory. */
package io.cow.bench.process;
