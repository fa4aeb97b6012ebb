/** Start-up harness: process start to QR printed, and to logged in with a hot login. */
package io.cow.bench.startup;
