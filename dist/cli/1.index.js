export const id = 1;
export const ids = [1];
export const modules = {

/***/ 39382:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CompiledManifest: () => (/* binding */ CompiledManifest)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(27478);
/* harmony import */ var _model_schema_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(78397);
/**
 * The manifest schema compiled by zod (`z.compile`), in a chunk of its own: zod's compiler is
 * some 40 KB of the bundle, which a one-artifact manifest should not load. validate.ts loads it
 * for a manifest of many artifacts.
 */


const CompiledManifest = zod__WEBPACK_IMPORTED_MODULE_1__/* .compile */ .wE(_model_schema_js__WEBPACK_IMPORTED_MODULE_0__/* .Manifest */ ._8);


/***/ })

};
