"""The API's paging bounds, shared by its routes and its OpenAPI document."""

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 999_999_999
