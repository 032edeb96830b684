package dev.milotune.data;

/** The three splits of every dataset: selection and training use train, tuning scores validation, reports test. */
public enum SplitRole {
    TRAIN,
    VALIDATION,
    TEST
}
