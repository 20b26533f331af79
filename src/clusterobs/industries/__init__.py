"""Industry taxonomy: NACE Rev.2, the 51 traded cluster categories, local industries, emerging industries."""
