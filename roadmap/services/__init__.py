"""The write side: one module per aggregate. Services check meaning and write; callers commit."""
