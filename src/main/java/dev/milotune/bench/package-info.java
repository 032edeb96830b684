/**
 * The speedup experiment: runs study arms side by side and writes the results and report.
 */
package dev.milotune.bench;
